/** The strategies: from books and signals to order intents, each with its own client order ids. */
package io.orderflow.execution.strategy;
