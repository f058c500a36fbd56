/**
 * What a trading operator keeps per instrument: working orders, the position ledger, the strategies' memory and
 * the maker-share model, with the codecs that write them to Flink state.
 */
package io.orderflow.execution.state;
