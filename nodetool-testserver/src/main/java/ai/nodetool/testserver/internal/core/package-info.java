/**
 * What every protocol layer of one server shares: settings, state, the workflow store, the request
 * router, the recorder and the armed faults.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.testserver.internal.core;
