#include "protocols/jsonrpc/rpc.hpp"

#include "protocols/jsonrpc/json_text.hpp"

namespace switchyard::jsonrpc {

namespace {

// Reads one entry of a body (JSON-RPC 2.0 §4): a request object, or the error it is
// answered with in its place.
call read_call(std::string_view entry) {
  call c;
  if (kind_of(entry) != json_kind::object) {
    c.error = invalid_request("a request must be a JSON object");
    c.id = "null";
    return c;
  }
  bool version = false;
  bool has_method = false;
  for (auto& m : members_of(entry)) {
    if (m.name == "jsonrpc") {
      version = m.value == "\"2.0\"";
    } else if (m.name == "method") {
      if (kind_of(m.value) == json_kind::string) {
        c.method = unescape_string(m.value);
        has_method = true;
      }
    } else if (m.name == "params") {
      c.params = m.value;
    } else if (m.name == "id") {
      c.id = m.value;
    }
  }
  auto id_kind = kind_of(c.id);
  bool id_ok = c.id.empty() || id_kind == json_kind::string || id_kind == json_kind::number
               || id_kind == json_kind::null;
  auto params_kind = kind_of(c.params);
  bool params_ok
    = c.params.empty() || params_kind == json_kind::array || params_kind == json_kind::object;
  auto refuse = [&](std::string_view why) {
    c.error = invalid_request(why);
    if (!id_ok || c.id.empty())
      c.id = "null"; // an id the request could not be matched by: answered with null
  };
  if (!version)
    refuse("\"jsonrpc\" must be exactly \"2.0\"");
  else if (!has_method)
    refuse("\"method\" must be a string");
  else if (!id_ok)
    refuse("\"id\" must be a string, a number or null");
  else if (!params_ok)
    refuse("\"params\" must be an array or an object");
  return c;
}

} // namespace

request_body parse_request_body(std::string_view body, const limits& limits) {
  request_body out;
  if (body.size() > limits.max_body_bytes) {
    out.error = invalid_request("the body is larger than " + std::to_string(limits.max_body_bytes)
                                + " bytes");
    out.error->code = error_code::limit_exceeded;
    out.error->message = "Request too large";
    return out;
  }
  if (auto bad = validate_json(body, limits.max_depth)) {
    out.error = parse_error("at byte " + std::to_string(bad->offset) + ": " + bad->what);
    return out;
  }
  auto value = trim_json(body);
  if (kind_of(value) != json_kind::array) {
    out.calls.push_back(read_call(value));
    return out;
  }
  out.batch = true;
  auto entries = elements_of(value);
  if (entries.empty()) {
    out.error = invalid_request("an empty batch");
    return out;
  }
  if (entries.size() > limits.max_batch) {
    out.error = invalid_request("a batch of " + std::to_string(entries.size()) + " calls (at most "
                                + std::to_string(limits.max_batch) + ")");
    out.error->code = error_code::limit_exceeded;
    out.error->message = "Batch too large";
    return out;
  }
  out.calls.reserve(entries.size());
  for (auto entry : entries)
    out.calls.push_back(read_call(entry));
  return out;
}

std::optional<response> parse_response(std::string_view text, std::size_t max_depth,
                                       std::string& problem) {
  if (auto bad = validate_json(text, max_depth)) {
    problem = "not JSON: at byte " + std::to_string(bad->offset) + ": " + bad->what;
    return std::nullopt;
  }
  auto value = trim_json(text);
  if (kind_of(value) != json_kind::object) {
    problem = "not a JSON-RPC response object";
    return std::nullopt;
  }
  response r;
  bool version = false;
  bool has_id = false;
  for (auto& m : members_of(value)) {
    if (m.name == "jsonrpc")
      version = m.value == "\"2.0\"";
    else if (m.name == "id") {
      r.id = m.value;
      has_id = true;
    } else if (m.name == "result")
      r.result = m.value;
    else if (m.name == "error")
      r.error = m.value;
  }
  if (!version || !has_id) {
    problem = "a response without \"jsonrpc\":\"2.0\" or without an id";
    return std::nullopt;
  }
  if (r.result.empty() == r.error.empty()) {
    problem = "a response must hold exactly one of \"result\" and \"error\"";
    return std::nullopt;
  }
  if (!r.error.empty() && kind_of(r.error) != json_kind::object) {
    problem = "an error that is not an object";
    return std::nullopt;
  }
  return r;
}

void append_result(std::string& out, std::string_view id, std::string_view result) {
  out += R"({"jsonrpc":"2.0","id":)";
  out += id.empty() ? std::string_view{"null"} : id;
  out += R"(,"result":)";
  out += result;
  out += '}';
}

void append_error_text(std::string& out, std::string_view id, std::string_view error) {
  out += R"({"jsonrpc":"2.0","id":)";
  out += id.empty() ? std::string_view{"null"} : id;
  out += R"(,"error":)";
  out += error;
  out += '}';
}

void append_error(std::string& out, std::string_view id, const error_object& error) {
  out += R"({"jsonrpc":"2.0","id":)";
  out += id.empty() ? std::string_view{"null"} : id;
  out += R"(,"error":)";
  append_error_object(out, error);
  out += '}';
}

void append_request(std::string& out, std::string_view id, std::string_view method,
                    std::string_view params) {
  out += R"({"jsonrpc":"2.0",)";
  // A notification is a request without an id member (JSON-RPC 2.0 §4.1).
  if (!id.empty()) {
    out += R"("id":)";
    out += id;
    out += ',';
  }
  out += R"("method":)";
  append_json_string(out, method);
  if (!params.empty()) {
    out += R"(,"params":)";
    out += params;
  }
  out += '}';
}

} // namespace switchyard::jsonrpc
