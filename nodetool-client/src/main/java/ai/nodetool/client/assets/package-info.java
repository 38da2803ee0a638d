/**
 * Media in and out: uploads from a {@link java.nio.file.Path}, an {@link java.io.InputStream} or a byte
 * array ({@link ai.nodetool.client.assets.AssetsService}, obtained from {@code NodeToolClient.assets()}),
 * and downloads of media outputs streamed to a file or an output stream. Local files become run inputs with
 * {@link ai.nodetool.client.messages.AssetRef#of(java.nio.file.Path)}.
 */
package ai.nodetool.client.assets;
