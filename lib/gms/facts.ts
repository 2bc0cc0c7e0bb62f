/**
 * Facts about Genesys Mobile Services (GMS) that both clouds' constructs rely on: one name and
 * one definition each. Sources: the GMS deployment and API references as summarised in
 * docs/DESIGN (GMS nodes, health APIs); every Genesys example runs GMS (Jetty) on port 8080.
 */

/** The plain HTTP port of GMS on a node (TLS ends at the edge). */
export const GMS_NODE_PORT = 8080;

/** The path prefix of everything GMS serves; GMS cannot move it. */
export const GMS_BASE_PATH = '/genesys';

/** The CometD endpoint (Chat API v2 over long polling or WebSocket). */
export const GMS_COMETD_PATH = `${GMS_BASE_PATH}/cometd`;

/** The prefix of the Chat API v2 REST paths (`/genesys/2/chat/<service>…`). */
export const GMS_CHAT_API_V2_PATH = `${GMS_BASE_PATH}/2/chat`;

/** The prefix of the chat notification paths. */
export const GMS_CHAT_NOTIFICATIONS_PATH = `${GMS_BASE_PATH}/2/chat-ntf`;

/**
 * The node status URL: HTTP 200 with body {@link GMS_NODE_STATUS_ONLINE} or `OFFLINE`. GMS 8.5.1
 * and later may answer 401 without an Authorization header.
 */
export const GMS_NODE_STATUS_PATH = `${GMS_BASE_PATH}/1/admin/node/status`;

/** The body of the node status of a node that takes chats. */
export const GMS_NODE_STATUS_ONLINE = 'ONLINE';

/**
 * How long CometD holds a `/meta/connect` long poll when there is nothing to send (its default
 * `timeout`), in seconds. Every timeout between the browser and the node must exceed it.
 */
export const COMETD_LONG_POLL_HOLD_SECONDS = 30;

/**
 * The prefix of GMS services (`/genesys/1/service/<service-execution-name>`, Genesys
 * Help/ConfiguredServices), the get service of the health check among them.
 */
export const GMS_SERVICE_PATH = `${GMS_BASE_PATH}/1/service`;

/** The Node API that takes a node out of (`/OFFLINE`) or back into (`/ONLINE`) service; needs Basic auth. */
export const GMS_NODE_CHANGE_STATUS_PATH = `${GMS_BASE_PATH}/1/admin/node/changestatus`;
