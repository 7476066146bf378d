#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/describe.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"
#include "tests/protocols/iso8583/reference_messages.hpp"

#include <benchmark/benchmark.h>

#include <string>

using namespace switchyard::iso8583;

namespace {

// Range argument: 0 iso87-ascii, 1 iso87-binary, 2 iso87-ascii-binary-bitmap.
const dialect& dialect_of(const benchmark::State& state) {
  return *find_builtin_dialect(builtin_dialect_names[static_cast<std::size_t>(state.range(0))]);
}

void label(benchmark::State& state) {
  state.SetLabel(std::string(builtin_dialect_names[static_cast<std::size_t>(state.range(0))]));
  state.SetItemsProcessed(state.iterations());
}

void pack_0200(benchmark::State& state) {
  const dialect& d = dialect_of(state);
  const message m = testing::authorization_0200();
  std::string wire;
  for (auto _ : state) {
    const codec_result r = pack(m, d, wire);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(wire.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * wire.size()));
  label(state);
}

void unpack_0200(benchmark::State& state) {
  const dialect& d = dialect_of(state);
  std::string wire;
  pack(testing::authorization_0200(), d, wire);
  message m;
  for (auto _ : state) {
    const codec_result r = unpack(as_byte_view(wire), d, m);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * wire.size()));
  label(state);
}

void pack_unpack_0200(benchmark::State& state) {
  const dialect& d = dialect_of(state);
  const message request = testing::authorization_0200();
  std::string wire;
  message decoded;
  for (auto _ : state) {
    pack(request, d, wire);
    const codec_result r = unpack(as_byte_view(wire), d, decoded);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(decoded);
  }
  label(state);
}

void describe_0200(benchmark::State& state) {
  const dialect& d = dialect_of(state);
  const message m = testing::authorization_0200();
  for (auto _ : state) {
    std::string text = describe(m, d);
    benchmark::DoNotOptimize(text);
  }
  label(state);
}

} // namespace

BENCHMARK(pack_0200)->DenseRange(0, 2);
BENCHMARK(unpack_0200)->DenseRange(0, 2);
BENCHMARK(pack_unpack_0200)->DenseRange(0, 2);
BENCHMARK(describe_0200)->Arg(0);

BENCHMARK_MAIN();
