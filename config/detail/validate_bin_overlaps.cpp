#include "config/detail/validate_bin_overlaps.hpp"

#include "config/patterns.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <utility>

namespace switchyard::config::detail {

namespace {

// The longest card number (ISO/IEC 7812); BIN bounds padded to it compare as numbers.
constexpr std::size_t pan_digits = 19;

// A rule with a BIN range, its bounds padded so that prefixes of any length compare.
struct bin_rule {
  std::uint32_t priority = 0;
  std::string low;  ///< padded with zeros
  std::string high; ///< padded with nines
  std::size_t network = 0;
  std::size_t rule = 0;
};

// Whether one message could meet both rules' conditions other than the BIN range.
bool can_match_together(const rule_settings& x, const rule_settings& y) {
  if (x.mti && y.mti && !mti_patterns_overlap(*x.mti, *y.mti))
    return false;
  for (const auto& a : x.field_values)
    for (const auto& b : y.field_values)
      if (a.field == b.field && a.value != b.value)
        return false;
  return true;
}

std::vector<bin_rule> collect(const gateway_settings& settings) {
  std::vector<bin_rule> result;
  for (std::size_t n = 0; n < settings.networks.size(); ++n) {
    const auto& rules = settings.networks[n].rules;
    for (std::size_t r = 0; r < rules.size(); ++r) {
      const auto& bin = rules[r].bin;
      if (!bin || rules[r].is_default)
        continue;
      result.push_back({rules[r].priority,
                        bin->low + std::string(pan_digits - bin->low.size(), '0'),
                        bin->high + std::string(pan_digits - bin->high.size(), '9'), n, r});
    }
  }
  std::sort(result.begin(), result.end(), [](const bin_rule& x, const bin_rule& y) {
    return std::tie(x.priority, x.low) < std::tie(y.priority, y.low);
  });
  return result;
}

config_error ambiguity(const gateway_settings& settings, const source_marks& marks,
                       const bin_rule& later, const bin_rule& earlier) {
  const auto& where = marks.networks[later.network].rule_bins[later.rule];
  const auto& other = settings.networks[earlier.network];
  const auto& bin = *other.rules[earlier.rule].bin;
  return {settings.source_file, where.at.line, where.at.column, where.key,
          "a BIN range that no rule of another network covers at the same priority ("
            + std::to_string(later.priority)
            + "): " + marks.networks[earlier.network].rule_bins[earlier.rule].key + " (\""
            + other.name + "\", " + bin.low + "-" + bin.high
            + ") overlaps it, so the order of the networks in the file would pick the route; "
              "give one of the rules another priority"};
}

} // namespace

std::vector<config_error> validate_bin_overlaps(const gateway_settings& settings,
                                                const source_marks& marks) {
  std::vector<config_error> result;
  auto rules = collect(settings);
  // A sweep over the ranges ordered by their low bound: only ranges still open at a low bound
  // can overlap it, so disjoint BIN tables cost n log n rather than n squared.
  std::vector<std::size_t> open;
  std::set<std::pair<std::size_t, std::size_t>> reported;
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const auto& x = rules[k];
    std::erase_if(open, [&](std::size_t i) {
      return rules[i].priority != x.priority || rules[i].high < x.low;
    });
    for (auto i : open) {
      const auto& y = rules[i];
      if (y.network == x.network
          || !can_match_together(settings.networks[x.network].rules[x.rule],
                                 settings.networks[y.network].rules[y.rule]))
        continue;
      // Reported at the rule written later, naming the one that would win.
      const auto& later = x.network > y.network ? x : y;
      const auto& earlier = x.network > y.network ? y : x;
      if (reported.insert({later.network, later.rule}).second)
        result.push_back(ambiguity(settings, marks, later, earlier));
    }
    open.push_back(k);
  }
  return result;
}

} // namespace switchyard::config::detail
