/** The risk gate every intent passes (limits, kill switch) and the fitting of an order to a venue's rules. */
package io.orderflow.execution.risk;
