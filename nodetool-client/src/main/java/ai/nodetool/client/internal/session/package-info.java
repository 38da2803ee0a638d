/**
 * The WebSocket session behind {@link ai.nodetool.client.session.JobSession}. Internal: not part
 * of the public API. One class per concern, joined by narrow interfaces, so that data flows one way:
 *
 * <pre>
 *   inbound   Connection ──Inbound──▶ FrameDecoder ──▶ FrameRouter ──▶ JobState ──▶ job publisher, result()
 *                                                         │  ├──▶ messages() publishers
 *                                                         │  └──ControlFrames──▶ CommandChannel (replies, pong)
 *   outbound  DefaultJobSession / Commands ──▶ CommandChannel ──FrameSender──▶ Connection
 *   loss      Connection ──LossListener──▶ Reconnector ──▶ Commands (mode, status, reconnect_job), FrameRouter.jobs()
 *                                                     └──Ending──▶ DefaultJobSession (end of the session)
 *   job ends  JobState ──JobContext.ended──▶ FrameRouter.forget;  JobHandle.cancel ──JobContext.cancel──▶ cancelJob(id) (Commands)
 * </pre>
 *
 * <table>
 *   <caption>Parts, their one lock, and the threads that call them</caption>
 *   <tr><th>Class</th><th>Concern</th><th>Lock</th></tr>
 *   <tr><td>{@code Connection}</td><td>socket state machine: open, send, close, loss, keep-alive</td>
 *       <td>its {@code lock} (state, socket, connection number, URL, fatal cause)</td></tr>
 *   <tr><td>{@code FrameDecoder}</td><td>frame bytes/text to messages; undecodable frames to the handler</td>
 *       <td>none</td></tr>
 *   <tr><td>{@code FrameRouter}</td><td>message to job, legacy adoption, {@code messages()} listeners</td>
 *       <td>its {@code lock} (routing table, ended flag)</td></tr>
 *   <tr><td>{@code JobState}</td><td>one job: replay de-duplication, terminal rule, publisher, result</td>
 *       <td>its monitor</td></tr>
 *   <tr><td>{@code CommandChannel}</td><td>send, correlate untyped replies, deadlines, pong</td>
 *       <td>the {@code ReplyMatcher}'s monitor (queue of waiting commands)</td></tr>
 *   <tr><td>{@code Commands}</td><td>typed commands: encode, send, map the reply</td><td>none</td></tr>
 *   <tr><td>{@code Reconnector}</td><td>backoff, re-attaching live jobs, giving up</td><td>none</td></tr>
 *   <tr><td>{@code DefaultJobSession}</td><td>facade: wiring, the public methods, the end of the session</td>
 *       <td>none (an atomic flag makes the end run once)</td></tr>
 * </table>
 *
 * Threads: OkHttp's reader thread runs the inbound path, one frame at a time (OkHttp reads the next
 * frame when {@code FrameRouter.route} returns); the session's one timer thread
 * ({@code SessionTimer}) runs reconnect attempts, reply deadlines and terminal-grace timers; user
 * futures and publisher signals complete on the client's callback executor ({@code Callbacks}).
 * The only nested lock acquisition is a job's monitor, then the router's lock (a job that ends tells
 * the router); the router never calls a job while holding its lock.
 *
 * <p>Only {@code DefaultJobSession.connect} touches the HTTP layer, adapting the client's caller to
 * {@code HttpSupport}.
 *
 * <p><b>Internal: not part of the API.</b> Nothing here is covered by compatibility promises; it may
 * change or disappear in any release without notice. Do not use it from outside this module.
 */
package ai.nodetool.client.internal.session;
