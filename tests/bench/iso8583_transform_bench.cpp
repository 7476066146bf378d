// What a network's transformations cost on the connector's path, against the same request
// forwarded without any (the reference leg, in the same run): decode the acquirer's wire,
// transform, pack for the network; decode the answer, restore, pack for the acquirer.

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/response.hpp"
#include "protocols/iso8583/transformer.hpp"
#include "protocols/iso8583/unpacker.hpp"
#include "tests/protocols/iso8583/reference_messages.hpp"

#include <benchmark/benchmark.h>

#include <optional>
#include <string>

using namespace switchyard::iso8583;

namespace {

transform_step step(transform_op op, int field, int to = 0, std::string value = {}) {
  transform_step s;
  s.op = op;
  s.field = field;
  s.to = to;
  s.value = std::move(value);
  if (op == transform_op::remove || op == transform_op::restore)
    s.fields = {field};
  return s;
}

// The steps of tools/bench-iso8583 --transform: 4 on requests, 1 on responses.
transform_rules few() {
  auto map = step(transform_op::map, 3);
  map.table = {{"000000", "001000"}, {"200000", "220000"}};
  return {{step(transform_op::set, 32, 0, "123456"), map, step(transform_op::copy, 37, 48),
           step(transform_op::remove, 22)},
          {step(transform_op::restore, 22)}};
}

// One step that changes a value: the wire no longer passes, on either leg.
transform_rules one() {
  return {{step(transform_op::set, 32, 0, "123456")}, {}};
}

const char* const labels[]
  = {"no transformations", "1 request step", "4 request steps, 1 response step"};

// Range argument: 0 no transformations (the wire passes), 1 one set, 2 the few above.
void round_trip(benchmark::State& state) {
  const dialect& d = iso87_ascii();
  std::optional<transformer> t;
  if (state.range(0) == 1)
    t.emplace(one());
  if (state.range(0) == 2)
    t.emplace(few());
  std::string request_wire;
  pack(testing::authorization_0200(), d, request_wire);
  message request;
  message response;
  std::string upstream;
  std::string reply;
  std::string response_wire;
  for (auto _ : state) {
    unpack(as_byte_view(request_wire), d, request);
    original_fields originals;
    if (t)
      t->transform_request(request, originals);
    pack(request, d, upstream);
    if (response_wire.empty()) {
      make_response(request, response);
      response.set(39, "00");
      pack(response, d, response_wire);
    }
    unpack(as_byte_view(response_wire), d, response);
    if (t)
      t->transform_response(response, request, originals);
    originals.restore(response);
    pack(response, d, reply);
    benchmark::DoNotOptimize(upstream.data());
    benchmark::DoNotOptimize(reply.data());
  }
  state.SetLabel(labels[state.range(0)]);
  state.SetItemsProcessed(state.iterations());
}

} // namespace

BENCHMARK(round_trip)->Arg(0)->Arg(1)->Arg(2);

BENCHMARK_MAIN();
