#pragma once

// A BIN table: card-number ranges, each naming a network and optional card attributes,
// packed into a sorted flat array so a lookup costs one binary search however many ranges
// there are. Plain: it knows no protocol and no file format (core/bin_file.hpp reads those).

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace switchyard::core {

/// The most digits a card number has (ISO/IEC 7812-1); range bounds are padded to this many.
inline constexpr std::size_t max_pan_digits = 19;

/// The leading digits of a card number, as a lookup compares them.
struct pan_key {
  std::uint64_t value = 0; ///< the leading digits, padded with zeros to max_pan_digits
  std::size_t digits = 0;  ///< how many leading digits the card number has (at most 19)
};

/// Reads the digits `pan` starts with, up to the first non-digit or the 19th digit.
pan_key make_pan_key(std::string_view pan) noexcept;

/// Why a range cannot go into a table.
enum class bin_range_problem : std::uint8_t {
  none,
  not_digits,      ///< a bound is empty or holds a non-digit
  too_long,        ///< a bound has more than 19 digits
  unequal_lengths, ///< low and high have different digit counts
  reversed,        ///< high is below low
};

/// Returns what is wrong with the range `low`..`high`, or bin_range_problem::none.
bin_range_problem check_bin_range(std::string_view low, std::string_view high) noexcept;

/// Card attributes a range carries; empty when the file gave none.
struct bin_attributes {
  std::string_view brand;
  std::string_view product;
  std::string_view country;
};

/// Non-overlapping ranges of card-number prefixes. A range of d digits holds a card number
/// whose first d digits lie between its bounds (inclusive); the card number must have at least
/// d digits. Immutable once built. A lookup reads one entry of an index by leading digits (about
/// one entry per range and less) and binary-searches the few low bounds it points to.
class bin_table {
public:
  /// One range as packed: its low bound lives in a parallel array searched on its own.
  struct range {
    std::uint64_t high = 0;       ///< the high bound padded with nines to 19 digits
    std::uint32_t line = 0;       ///< where its source wrote it
    std::uint32_t attributes = 0; ///< index of its interned attributes
    std::uint16_t network = 0;    ///< index into network_name()
    std::uint16_t source = 0;     ///< index into source_name()
    std::uint8_t digits = 0;      ///< digits of its bounds as written
  };

  /// Returns the index of the range holding `key`, or nothing. Never allocates.
  std::optional<std::size_t> find(pan_key key) const noexcept;

  /// Returns the number of ranges.
  std::size_t size() const noexcept { return ranges_.size(); }

  /// Returns range `index` (below size()).
  const range& at(std::size_t index) const noexcept { return ranges_[index]; }

  /// Returns the low bound of range `index` as written, e.g. "400000".
  std::string low_text(std::size_t index) const;

  /// Returns the high bound of range `index` as written, e.g. "499999".
  std::string high_text(std::size_t index) const;

  /// Returns the attributes of range `index`.
  bin_attributes attributes(std::size_t index) const noexcept;

  /// Returns the name of network `index` of this table.
  const std::string& network_name(std::size_t index) const { return networks_[index]; }

  /// Returns the number of network names this table knows.
  std::size_t networks() const noexcept { return networks_.size(); }

  /// Returns the name (a file path) of source `index`.
  const std::string& source_name(std::size_t index) const { return sources_[index]; }

  /// Returns the heap bytes the table holds (capacity, not size).
  std::size_t memory_bytes() const noexcept;

private:
  friend class bin_table_builder;

  void index_buckets();

  std::vector<std::uint64_t> lows_;    ///< low bounds padded with zeros, ascending
  std::vector<std::uint32_t> buckets_; ///< [b]: the first low whose leading digits are b or more
  std::size_t bucket_digits_ = 1;      ///< how many leading digits name a bucket (1 to 6)
  std::vector<range> ranges_;          ///< in the order of lows_
  std::vector<std::array<std::uint32_t, 3>> attribute_sets_; ///< indices into strings_
  std::vector<std::string> strings_;                         ///< interned; [0] is ""
  std::vector<std::string> networks_;
  std::vector<std::string> sources_;
};

/// Two ranges that hold a common card number: `later` (in table order) overlaps `earlier`.
struct bin_overlap {
  std::size_t earlier = 0; ///< index in the built table
  std::size_t later = 0;   ///< index in the built table
};

/// Collects ranges, then sorts and packs them into a bin_table.
class bin_table_builder {
public:
  /// Starts with no ranges, the empty attribute and no names.
  bin_table_builder();

  /// Returns the index of source `name` (a file path), adding it when new.
  std::uint16_t add_source(const std::string& name);

  /// Returns the index of network `name`, adding it when new.
  std::uint16_t add_network(const std::string& name);

  /// Adds the range `low`..`high` unless check_bin_range finds a problem, which it returns.
  bin_range_problem add(std::string_view low, std::string_view high, std::uint16_t network,
                        std::uint16_t source, std::uint32_t line,
                        const bin_attributes& attributes = {});

  /// Returns the number of ranges added.
  std::size_t size() const noexcept { return entries_.size(); }

  /// Sorts the ranges and packs them into a table, leaving the builder empty; appends every
  /// range that overlaps an earlier one to `overlaps`.
  bin_table build(std::vector<bin_overlap>& overlaps);

private:
  struct entry {
    std::uint64_t low = 0;
    bin_table::range range;
  };

  std::uint32_t intern(std::string_view text);

  std::vector<entry> entries_;
  bin_table table_; ///< names, strings and attribute sets, filled as ranges come
  std::unordered_map<std::string, std::uint32_t> string_index_;
  std::map<std::array<std::uint32_t, 3>, std::uint32_t> attribute_index_;
};

} // namespace switchyard::core
