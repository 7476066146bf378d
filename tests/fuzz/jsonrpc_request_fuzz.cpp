// Reads arbitrary bytes as a JSON-RPC request body. Every span a call keeps must lie inside
// the input, and every answer written around them must itself be valid JSON.
#include "protocols/jsonrpc/json_text.hpp"
#include "protocols/jsonrpc/rpc.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace switchyard::jsonrpc;

namespace {

void check_inside(std::string_view span, std::string_view input) {
  if (!span.empty()
      && (span.data() < input.data() || span.data() + span.size() > input.data() + input.size()))
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input{reinterpret_cast<const char*>(data), size};
  limits l;
  l.max_body_bytes = 1 << 16;
  auto body = parse_request_body(input, l);
  std::string out;
  if (body.error) {
    append_error(out, "null", *body.error);
  } else {
    for (const auto& c : body.calls) {
      check_inside(c.params, input);
      if (c.id != "null")
        check_inside(c.id, input);
      if (c.error)
        append_error(out, c.id, *c.error);
      else if (!c.is_notification()) {
        append_result(out, c.id, c.params.empty() ? std::string_view{"null"} : c.params);
        std::string upstream;
        append_request(upstream, "1", c.method, c.params);
        if (validate_json(upstream, 200))
          std::abort();
      }
      if (!out.empty() && validate_json(out, 200))
        std::abort();
      out.clear();
    }
  }
  if (!out.empty() && validate_json(out, 200))
    std::abort();
  return 0;
}
