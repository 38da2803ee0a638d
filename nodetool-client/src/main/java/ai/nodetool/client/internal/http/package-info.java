/**
 * The client's HTTP plumbing on OkHttp: the caller that owns the configured client and maps
 * failures to the SDK's exceptions, the auth and retry interceptors, and error-body parsing.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.client.internal.http;
