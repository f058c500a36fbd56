/** Running the job on this machine: the offline demo against simulated exchanges, and the MiniCluster it uses. */
package io.orderflow.job.local;
