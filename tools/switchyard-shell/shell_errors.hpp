#pragma once

// What the shell tells an operator when something fails: a sentence about the node, the
// endpoint or the path, not CAF's rendering of an error value.

#include "caf/error.hpp"

#include <string>
#include <string_view>

namespace switchyard::shell {

/// Describes `err`, met while talking to the node at `endpoint` ("HOST:PORT") with replies
/// awaited for `timeout_s` seconds; `fallback` renders errors the shell has no words for.
std::string describe(const caf::error& err, std::string_view endpoint, long timeout_s,
                     const std::string& fallback);

} // namespace switchyard::shell
