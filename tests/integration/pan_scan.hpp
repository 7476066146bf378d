#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::testing {

/// A full card number seen in a log, told without repeating it.
struct pan_sighting {
  std::string masked_pan;  ///< the card number with all but its first 6 and last 4 digits as '*'
  std::size_t line = 0;    ///< 1-based number of the line it is on
  std::string masked_line; ///< that line with the card number's digits masked the same way
};

/// The card numbers the end-to-end suites and loadgen-iso8583 (by default) send.
const std::vector<std::string>& test_pans();

/// Returns whether `digits` passes the Luhn check (ISO/IEC 7812-1 Annex B).
bool passes_luhn(std::string_view digits);

/// Masks all but the first 6 and last 4 of `pan`, independently of the code under test.
std::string mask_for_report(std::string_view pan);

/// Returns every full card number in `text`: one of test_pans() in digits (single ' ' or '-'
/// between digits ignored, also inside a longer run such as a raw frame), in ASCII hex or in
/// EBCDIC hex; and any other run of 13 to 19 digits standing alone (not part of a longer word
/// or number, not starting with 0) that passes the Luhn check.
std::vector<pan_sighting> find_full_pans(std::string_view text);

} // namespace switchyard::testing
