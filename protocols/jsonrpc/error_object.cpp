#include "protocols/jsonrpc/error_object.hpp"

#include "protocols/jsonrpc/json_text.hpp"

namespace switchyard::jsonrpc {

error_object parse_error(std::string_view detail) {
  error_object e{error_code::parse_error, "Parse error", {}};
  e.data = "{\"detail\":";
  append_json_string(e.data, detail);
  e.data += '}';
  return e;
}

error_object invalid_request(std::string_view why) {
  error_object e{error_code::invalid_request, "Invalid Request", {}};
  e.data = "{\"detail\":";
  append_json_string(e.data, why);
  e.data += '}';
  return e;
}

void append_error_object(std::string& out, const error_object& e) {
  out += "{\"code\":";
  out += std::to_string(e.code);
  out += ",\"message\":";
  append_json_string(out, e.message);
  if (!e.data.empty()) {
    out += ",\"data\":";
    out += e.data;
  }
  out += '}';
}

} // namespace switchyard::jsonrpc
