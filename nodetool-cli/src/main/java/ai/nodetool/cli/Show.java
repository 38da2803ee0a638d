package ai.nodetool.cli;

import ai.nodetool.client.messages.AssetRef;

/** Prints output values readably: media as a short description, not as kilobytes of base64. */
final class Show {
    private Show() {}

    /**
     * @param value an output value (String, number, Boolean, List, Map, byte[], AssetRef or null)
     * @return a one-line description
     */
    static String value(Object value) {
        if (value instanceof AssetRef) {
            AssetRef a = (AssetRef) value;
            StringBuilder s = new StringBuilder(a.type());
            a.mimeType().ifPresent(m -> s.append(' ').append(m));
            a.bytes().ifPresent(b -> s.append(", ").append(b.length).append(" bytes"));
            if (a.bytes().isEmpty()) {
                a.uri().ifPresent(u -> s.append(" at ").append(u));
            }
            return s.toString();
        }
        if (value instanceof byte[]) {
            return ((byte[]) value).length + " bytes";
        }
        if (value instanceof String) {
            return "\"" + value + "\"";
        }
        return String.valueOf(value);
    }
}
