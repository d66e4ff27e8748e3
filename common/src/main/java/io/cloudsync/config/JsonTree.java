package io.cloudsync.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads JSON into a Jackson tree by hand, recording the line and column of every key and
 * array element in the {@link ParseContext} so that errors can point at them. A key that
 * appears twice in one object is a warning and the last value is used, as with Python's
 * {@code json} module that swift-s3-sync used.
 */
final class JsonTree {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTree() {
  }

  /** Parses a document that must be a JSON object. */
  static ObjectNode parseObject(String json, ParseContext ctx) throws ConfigException {
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new ConfigException(ctx.source(), "",
            "empty file; expected a JSON object", -1, -1);
      }
      if (first != JsonToken.START_OBJECT) {
        JsonLocation at = p.currentTokenLocation();
        throw new ConfigException(ctx.source(), "",
            "the file must contain a JSON object ({...}), found " + describe(first),
            at.getLineNr(), at.getColumnNr());
      }
      ctx.position("", p.currentTokenLocation().getLineNr(),
          p.currentTokenLocation().getColumnNr());
      ObjectNode root = (ObjectNode) read(p, "", ctx);
      JsonToken extra = p.nextToken();
      if (extra != null) {
        JsonLocation at = p.currentTokenLocation();
        throw new ConfigException(ctx.source(), "",
            "invalid JSON: unexpected content after the end of the top-level object",
            at.getLineNr(), at.getColumnNr());
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ConfigException(ctx.source(), "", "invalid JSON: " + e.getOriginalMessage(),
          at == null ? -1 : at.getLineNr(), at == null ? -1 : at.getColumnNr(), e);
    } catch (IOException e) {
      throw new ConfigException(ctx.source(), "", "cannot read JSON: " + e.getMessage(),
          -1, -1, e);
    }
  }

  /** Reads the value whose first token is current. */
  private static JsonNode read(JsonParser p, String path, ParseContext ctx) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        ObjectNode obj = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String childPath = ParseContext.child(path, name);
          JsonLocation at = p.currentTokenLocation();
          boolean duplicate = obj.has(name);
          if (duplicate) {
            ctx.warn(childPath, "duplicate key at line " + at.getLineNr()
                + "; the last value is used (as swift-s3-sync did)");
          }
          ctx.position(childPath, at.getLineNr(), at.getColumnNr());
          p.nextToken();
          obj.set(name, read(p, childPath, ctx));
        }
        return obj;
      }
      case START_ARRAY: {
        ArrayNode arr = NODES.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          String childPath = ParseContext.element(path, i++);
          JsonLocation at = p.currentTokenLocation();
          ctx.position(childPath, at.getLineNr(), at.getColumnNr());
          arr.add(read(p, childPath, ctx));
        }
        return arr;
      }
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDecimalValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IllegalStateException("unexpected token " + t);
    }
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_ARRAY:
        return "a list ([...])";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.toString();
    }
  }
}
