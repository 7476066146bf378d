// Routing lookups: a BIN table of 1 to 500 000 ranges against a single default rule (the
// reference) and against the same ranges written as bin_range rules; loading a BIN file.

#include "core/bin_file.hpp"
#include "core/routing_table.hpp"
#include "tests/core/routing_table_test_support.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace switchyard;

namespace {

constexpr int networks = 5;
constexpr std::uint64_t first_bin = 4000000000ULL; // ten-digit ranges from here
constexpr std::uint64_t span = 2000000000ULL;      // to 5999999999, as Visa's and Mastercard's

// The distance between the starts of ranges when there are `n`: spread over the span like an
// issuer BIN file, each range half as wide.
std::uint64_t width_of(std::size_t n) {
  return span / n;
}

std::string network_name(std::size_t i) {
  return "net" + std::to_string(i % networks);
}

// The CSV of `n` disjoint ten-digit ranges over the span, spread over the networks, with
// attributes.
std::string bin_csv(std::size_t n) {
  std::string text = "low,high,network,brand,product,country\n";
  auto width = width_of(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto low = first_bin + i * width;
    text += std::to_string(low) + "," + std::to_string(low + width / 2 - 1) + "," + network_name(i)
            + ",VISA," + (i % 2 == 0 ? "CREDIT" : "DEBIT") + ",US\n";
  }
  return text;
}

std::shared_ptr<const core::bin_tables> bin_tables_of(std::size_t n) {
  core::bin_file_scope scope{"bench.csv", "", {}};
  for (int i = 0; i < networks; ++i)
    scope.known_networks.push_back(network_name(static_cast<std::size_t>(i)));
  core::bin_table_builder builder;
  std::vector<config::config_error> errors;
  core::parse_bin_file(bin_csv(n), scope, builder, errors);
  std::vector<core::bin_overlap> overlaps;
  auto tables = std::make_shared<core::bin_tables>();
  tables->push_back({100, builder.build(overlaps)});
  return tables;
}

std::vector<config::network_settings> plain_networks() {
  std::vector<config::network_settings> result;
  for (int i = 0; i < networks; ++i)
    result.push_back(core::test::network(network_name(static_cast<std::size_t>(i)), {}));
  return result;
}

// A request as rules read it, holding only a card number: a decoded message is in cache when
// a session routes it, so the benchmark measures the table, not the reading of 1.6 KB messages.
class card_request final : public core::routable {
public:
  explicit card_request(std::string pan) : pan_(std::move(pan)) {}

  std::optional<std::string_view> field(int number) const noexcept override {
    return number == 2 ? std::optional<std::string_view>{pan_} : std::nullopt;
  }

  std::string_view message_type() const noexcept override { return "0200"; }

  std::optional<std::uint64_t> amount() const noexcept override { return 1000; }

private:
  std::string pan_;
};

// 4096 requests whose PANs fall in ranges drawn at random over a table of `n` ranges (so the
// search walks the whole array, as production traffic spread over issuers does).
std::vector<card_request> requests_over(std::size_t n) {
  std::mt19937_64 random{42};
  std::vector<card_request> result;
  auto width = width_of(n);
  for (int i = 0; i < 4096; ++i) {
    auto range = random() % n;
    result.emplace_back(std::to_string(first_bin + range * width + random() % (width / 2))
                        + "123456");
  }
  return result;
}

void run_routes(benchmark::State& state, const core::routing_table& table,
                const std::vector<card_request>& requests) {
  std::size_t i = 0;
  for (auto _ : state) {
    auto d = table.route(requests[i++ & 4095]);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}

// The reference: one default rule, what a node without BIN routing evaluates.
void route_default_rule(benchmark::State& state) {
  auto nets = plain_networks();
  nets[0].rules.push_back(core::test::default_rule());
  core::routing_table table{nets};
  run_routes(state, table, requests_over(1));
}

void route_bin_table(benchmark::State& state) {
  auto n = static_cast<std::size_t>(state.range(0));
  core::routing_table table{plain_networks(), bin_tables_of(n)};
  run_routes(state, table, requests_over(n));
  state.counters["bytes_per_range"]
    = static_cast<double>(core::memory_bytes(*table.bins())) / static_cast<double>(n);
}

// The same ranges as bin_range rules, evaluated one by one (what issue 11 measured).
void route_bin_rules(benchmark::State& state) {
  auto n = static_cast<std::size_t>(state.range(0));
  auto nets = plain_networks();
  auto width = width_of(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto low = first_bin + i * width;
    nets[i % networks].rules.push_back(
      core::test::bin_rule(std::to_string(low), std::to_string(low + width / 2 - 1)));
  }
  core::routing_table table{nets};
  run_routes(state, table, requests_over(n));
}

// Reading a BIN file's text and building its table (the file read itself excluded).
void load_bin_table(benchmark::State& state) {
  auto n = static_cast<std::size_t>(state.range(0));
  auto text = bin_csv(n);
  core::bin_file_scope scope{"bench.csv", "", {}};
  for (int i = 0; i < networks; ++i)
    scope.known_networks.push_back(network_name(static_cast<std::size_t>(i)));
  for (auto _ : state) {
    core::bin_table_builder builder;
    std::vector<config::config_error> errors;
    core::parse_bin_file(text, scope, builder, errors);
    std::vector<core::bin_overlap> overlaps;
    auto table = builder.build(overlaps);
    benchmark::DoNotOptimize(table);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

} // namespace

BENCHMARK(route_default_rule);
BENCHMARK(route_bin_table)->Arg(1)->Arg(10000)->Arg(100000)->Arg(500000);
BENCHMARK(route_bin_rules)->Arg(1)->Arg(1000)->Arg(20000);
BENCHMARK(load_bin_table)->Arg(500000)->Unit(benchmark::kMillisecond)->Iterations(3);

BENCHMARK_MAIN();
