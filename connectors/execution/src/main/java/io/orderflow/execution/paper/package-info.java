/** The paper exchange: orders matched against the job's own books, with queue position, fees and expiry. */
package io.orderflow.execution.paper;
