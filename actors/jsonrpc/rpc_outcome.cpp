#include "actors/jsonrpc/rpc_outcome.hpp"

#include "protocols/jsonrpc/json_text.hpp"
#include "protocols/jsonrpc/rpc.hpp"

namespace switchyard {

namespace {

struct row {
  int code;
  std::string_view message;
};

row row_for(errc outcome) {
  namespace code = jsonrpc::error_code;
  switch (outcome) {
    case errc::no_route:
    case errc::unknown_network:
      return {code::method_not_found, "Method not found"};
    case errc::upstream_unavailable:
    case errc::not_ready:
    case errc::shutting_down:
      return {code::upstream_unavailable, "Upstream unavailable"};
    case errc::upstream_timeout:
      return {code::upstream_timeout, "Upstream timed out"};
    case errc::limit_exceeded:
      return {code::limit_exceeded, "Limit exceeded"};
    case errc::upstream_error:
      return {code::upstream_error, "Upstream error"};
    case errc::duplicate_request:
      return {code::duplicate_request, "Duplicate request"};
    case errc::invalid_request:
      return {code::invalid_request, "Invalid Request"};
    case errc::duplicate_network:
    case errc::unknown_actor:
    case errc::internal_error:
      return {code::internal_error, "Internal error"};
  }
  return {code::internal_error, "Internal error"};
}

} // namespace

jsonrpc::error_object rpc_error_for(errc outcome, std::string_view network, std::string_view method,
                                    std::string_view reason) {
  auto r = row_for(outcome);
  jsonrpc::error_object e{r.code, std::string{r.message}, {}};
  // Only what is known goes into `data`: a call rejected before it was parsed has no method.
  auto add = [&e](std::string_view key, std::string_view value) {
    if (value.empty())
      return;
    e.data += e.data.empty() ? "{\"" : ",\"";
    e.data += key;
    e.data += "\":";
    jsonrpc::append_json_string(e.data, value);
  };
  add("method", method);
  add("network", network);
  add("reason", reason);
  if (e.data.empty())
    return e;
  e.data += '}';
  return e;
}

std::string rpc_error_body(const jsonrpc::error_object& error) {
  std::string out;
  jsonrpc::append_error(out, {}, error);
  return out;
}

} // namespace switchyard
