// Reads arbitrary bytes as a provider's JSON-RPC answer: what is accepted keeps spans inside
// the input, and the answer written for the client from them is valid JSON.
#include "protocols/jsonrpc/json_text.hpp"
#include "protocols/jsonrpc/rpc.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace switchyard::jsonrpc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input{reinterpret_cast<const char*>(data), size};
  std::string problem;
  auto r = parse_response(input, 64, problem);
  if (!r)
    return 0;
  for (auto span : {r->id, r->result, r->error})
    if (!span.empty()
        && (span.data() < input.data() || span.data() + span.size() > input.data() + size))
      std::abort();
  std::string out;
  if (!r->result.empty())
    append_result(out, R"("client-id")", r->result);
  else
    append_error_text(out, "42", r->error);
  if (validate_json(out, 100))
    std::abort();
  return 0;
}
