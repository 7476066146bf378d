#pragma once

#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/message.hpp"

#include <cstdint>
#include <string>

namespace switchyard::iso8583 {

/// Layout of describe().
enum class describe_style : std::uint8_t {
  one_line,   ///< "0200 2=411111******1111 3=000000 41='TERM 001'"
  multi_line, ///< "MTI 0200" then one "  NNN name: value" line per field
};

/// Renders `m` for logs, every value passed through masked_value() with the dialect's mask
/// rules; fields the dialect lacks are hidden entirely. This is the only way messages should
/// reach a log.
std::string describe(const message& m, const dialect& d,
                     describe_style style = describe_style::one_line);

} // namespace switchyard::iso8583
