#include "tools/loadgen-iso8583/request_factory.hpp"

#include "protocols/iso8583/response.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace switchyard::loadgen {

namespace {

constexpr std::string_view purchase = "000000";          // field 3: goods and services
constexpr std::string_view chip_entry = "051";           // field 22: ICC, PIN capable
constexpr std::string_view normal_condition = "00";      // field 25
constexpr std::string_view merchant = "SWITCHYARDLOAD1"; // field 42, 15 characters

} // namespace

request_factory::request_factory(const loadgen_settings& settings, std::uint32_t index,
                                 std::uint64_t seed)
    : settings_(settings),
      index_(index),
      response_mti_(iso8583::response_mti(settings.mti).value_or("")) {
  for (const auto& p : settings.pans)
    pans_.push_back(expand_pan(p, index));
  char tid[16];
  std::snprintf(tid, sizeof(tid), "LG%06u", index % 1000000);
  terminal_ = tid;
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    index};
  rng_.seed(seq);
}

std::uint64_t request_factory::rrn(std::uint64_t sequence) const noexcept {
  const std::uint64_t connection = index_ % 1000;
  if (!settings_.rrn_prefix)
    return connection * 1000000000ULL + sequence % 1000000000ULL;
  return *settings_.rrn_prefix * 100000000000ULL + connection * 100000000ULL
         + sequence % 100000000ULL;
}

std::string request_factory::rrn_text(std::uint64_t sequence) const {
  std::array<char, 16> digits{};
  std::snprintf(digits.data(), digits.size(), "%012llu",
                static_cast<unsigned long long>(rrn(sequence)));
  return digits.data();
}

void request_factory::stamp(std::chrono::system_clock::time_point now) {
  const auto second = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  if (second.count() == stamped_second_)
    return;
  stamped_second_ = second.count();
  const std::time_t t = static_cast<std::time_t>(stamped_second_);
  std::tm utc{};
  gmtime_r(&t, &utc);
  std::strftime(transmission_, sizeof(transmission_), "%m%d%H%M%S", &utc);
}

void request_factory::build(iso8583::message& out, std::uint32_t stan, std::uint64_t sequence,
                            std::chrono::system_clock::time_point now) {
  stamp(now);
  const std::string_view transmission{transmission_, 10};
  std::int64_t amount = settings_.amount_min;
  if (settings_.amount_max > settings_.amount_min)
    amount = std::uniform_int_distribution<std::int64_t>{settings_.amount_min,
                                                         settings_.amount_max}(rng_);
  out.set_mti(settings_.mti);
  out.set(2, pans_[sequence % pans_.size()]);
  out.set(3, purchase);
  out.set_uint(4, static_cast<std::uint64_t>(amount), 12);
  out.set(7, transmission);
  out.set_uint(11, stan, 6);
  out.set(12, transmission.substr(4));
  out.set(13, transmission.substr(0, 4));
  out.set(22, chip_entry);
  out.set(25, normal_condition);
  // Field 37: unique within a run, and across runs with different --rrn-prefix.
  out.set_uint(37, rrn(sequence), 12);
  out.set(41, terminal_);
  out.set(42, merchant);
  out.set(49, settings_.currency);
}

} // namespace switchyard::loadgen
