#include "core/bin_table.hpp"

#include <algorithm>
#include <tuple>

namespace switchyard::core {

namespace {

constexpr std::array<std::uint64_t, max_pan_digits + 1> powers_of_ten = [] {
  std::array<std::uint64_t, max_pan_digits + 1> result{};
  std::uint64_t x = 1;
  for (auto& p : result) {
    p = x;
    x *= 10;
  }
  return result;
}();

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::uint64_t to_number(std::string_view digits) {
  std::uint64_t value = 0;
  for (char c : digits)
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  return value;
}

// The leading `digits` (1 to 6) of a key: a division by a constant compiles to a multiplication,
// and one table takes the same case on every lookup.
std::uint64_t leading(std::uint64_t key, std::size_t digits) noexcept {
  switch (digits) {
    case 1:
      return key / powers_of_ten[max_pan_digits - 1];
    case 2:
      return key / powers_of_ten[max_pan_digits - 2];
    case 3:
      return key / powers_of_ten[max_pan_digits - 3];
    case 4:
      return key / powers_of_ten[max_pan_digits - 4];
    case 5:
      return key / powers_of_ten[max_pan_digits - 5];
    default:
      return key / powers_of_ten[max_pan_digits - 6];
  }
}

// The first `digits` digits of a bound padded to 19 digits.
std::string leading_digits(std::uint64_t padded, std::size_t digits) {
  std::string text(max_pan_digits, '0');
  for (auto it = text.rbegin(); it != text.rend(); ++it, padded /= 10)
    *it = static_cast<char>('0' + padded % 10);
  return text.substr(0, digits);
}

} // namespace

pan_key make_pan_key(std::string_view pan) noexcept {
  pan_key key;
  for (char c : pan.substr(0, max_pan_digits)) {
    if (!is_digit(c))
      break;
    key.value = key.value * 10 + static_cast<std::uint64_t>(c - '0');
    ++key.digits;
  }
  key.value *= powers_of_ten[max_pan_digits - key.digits];
  return key;
}

bin_range_problem check_bin_range(std::string_view low, std::string_view high) noexcept {
  auto digits_only = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
  };
  if (!digits_only(low) || !digits_only(high))
    return bin_range_problem::not_digits;
  if (low.size() > max_pan_digits || high.size() > max_pan_digits)
    return bin_range_problem::too_long;
  if (low.size() != high.size())
    return bin_range_problem::unequal_lengths;
  if (high < low)
    return bin_range_problem::reversed;
  return bin_range_problem::none;
}

std::optional<std::size_t> bin_table::find(pan_key key) const noexcept {
  if (lows_.empty())
    return std::nullopt;
  // The last range starting at or below the key is the only one that can hold it: it starts
  // in the key's bucket, or it is the last range before that bucket.
  auto bucket = leading(key.value, bucket_digits_);
  auto it = std::upper_bound(lows_.begin() + buckets_[bucket], lows_.begin() + buckets_[bucket + 1],
                             key.value);
  if (it == lows_.begin())
    return std::nullopt;
  auto index = static_cast<std::size_t>(it - lows_.begin()) - 1;
  const auto& r = ranges_[index];
  if (key.value > r.high || key.digits < r.digits)
    return std::nullopt;
  return index;
}

std::string bin_table::low_text(std::size_t index) const {
  return leading_digits(lows_[index], ranges_[index].digits);
}

std::string bin_table::high_text(std::size_t index) const {
  return leading_digits(ranges_[index].high, ranges_[index].digits);
}

bin_attributes bin_table::attributes(std::size_t index) const noexcept {
  const auto& set = attribute_sets_[ranges_[index].attributes];
  return {strings_[set[0]], strings_[set[1]], strings_[set[2]]};
}

std::size_t bin_table::memory_bytes() const noexcept {
  auto strings = [](const std::vector<std::string>& v) {
    std::size_t bytes = v.capacity() * sizeof(std::string);
    for (const auto& s : v)
      bytes += s.capacity() >= sizeof(std::string) ? s.capacity() + 1 : 0;
    return bytes;
  };
  return lows_.capacity() * sizeof(std::uint64_t) + buckets_.capacity() * sizeof(std::uint32_t)
         + ranges_.capacity() * sizeof(range)
         + attribute_sets_.capacity() * sizeof(attribute_sets_.front()) + strings(strings_)
         + strings(networks_) + strings(sources_);
}

// Buckets by leading digits: 10^d of them for 10^d to 10^(d+1) ranges (at least 10, at most a
// million), so the index costs at most about 4 bytes per range and a bucket holds a few ranges
// when they are spread.
void bin_table::index_buckets() {
  std::size_t digits = 1;
  while (digits < 6 && powers_of_ten[digits + 1] <= ranges_.size())
    ++digits;
  bucket_digits_ = digits;
  auto count = powers_of_ten[digits];
  buckets_.assign(count + 1, 0);
  std::size_t i = 0;
  for (std::uint64_t b = 0; b <= count; ++b) {
    // The last bucket stands for the end of the array.
    while (i < lows_.size() && (b == count || leading(lows_[i], digits) < b))
      ++i;
    buckets_[b] = static_cast<std::uint32_t>(i);
  }
}

bin_table_builder::bin_table_builder() {
  table_.strings_.emplace_back();
  string_index_.emplace("", 0);
  table_.attribute_sets_.push_back({0, 0, 0});
  attribute_index_.emplace(std::array<std::uint32_t, 3>{0, 0, 0}, 0);
}

std::uint16_t bin_table_builder::add_source(const std::string& name) {
  auto& sources = table_.sources_;
  auto it = std::find(sources.begin(), sources.end(), name);
  if (it == sources.end())
    it = sources.insert(sources.end(), name);
  return static_cast<std::uint16_t>(it - sources.begin());
}

std::uint16_t bin_table_builder::add_network(const std::string& name) {
  auto& networks = table_.networks_;
  auto it = std::find(networks.begin(), networks.end(), name);
  if (it == networks.end())
    it = networks.insert(networks.end(), name);
  return static_cast<std::uint16_t>(it - networks.begin());
}

std::uint32_t bin_table_builder::intern(std::string_view text) {
  auto [it, added]
    = string_index_.emplace(std::string{text}, static_cast<std::uint32_t>(table_.strings_.size()));
  if (added)
    table_.strings_.emplace_back(text);
  return it->second;
}

bin_range_problem bin_table_builder::add(std::string_view low, std::string_view high,
                                         std::uint16_t network, std::uint16_t source,
                                         std::uint32_t line, const bin_attributes& attributes) {
  if (auto problem = check_bin_range(low, high); problem != bin_range_problem::none)
    return problem;
  std::array<std::uint32_t, 3> set{intern(attributes.brand), intern(attributes.product),
                                   intern(attributes.country)};
  auto [it, added]
    = attribute_index_.emplace(set, static_cast<std::uint32_t>(table_.attribute_sets_.size()));
  if (added)
    table_.attribute_sets_.push_back(set);
  auto scale = powers_of_ten[max_pan_digits - low.size()];
  entry e;
  e.low = to_number(low) * scale;
  e.range.high = to_number(high) * scale + (scale - 1);
  e.range.line = line;
  e.range.attributes = it->second;
  e.range.network = network;
  e.range.source = source;
  e.range.digits = static_cast<std::uint8_t>(low.size());
  entries_.push_back(e);
  return bin_range_problem::none;
}

bin_table bin_table_builder::build(std::vector<bin_overlap>& overlaps) {
  // Sorted by source and line after the bounds, so that of two equal ranges the one written
  // later is reported.
  std::sort(entries_.begin(), entries_.end(), [](const entry& x, const entry& y) {
    return std::tie(x.low, x.range.high, x.range.source, x.range.line)
           < std::tie(y.low, y.range.high, y.range.source, y.range.line);
  });
  bin_table result = std::move(table_);
  result.lows_.reserve(entries_.size());
  result.ranges_.reserve(entries_.size());
  // Ranges sorted by their low bound overlap exactly when one starts at or below the highest
  // high bound seen so far; that range is the one reported.
  std::size_t widest = 0;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& e = entries_[i];
    if (i > 0 && e.low <= entries_[widest].range.high)
      overlaps.push_back({widest, i});
    if (i == 0 || e.range.high > entries_[widest].range.high)
      widest = i;
    result.lows_.push_back(e.low);
    result.ranges_.push_back(e.range);
  }
  result.index_buckets();
  result.attribute_sets_.shrink_to_fit();
  result.strings_.shrink_to_fit();
  *this = bin_table_builder{};
  return result;
}

} // namespace switchyard::core
