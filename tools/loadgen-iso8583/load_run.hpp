#pragma once

#include "tools/loadgen-iso8583/loadgen_settings.hpp"

namespace switchyard::loadgen {

/// Runs the load as `settings` say (until the requests are settled, the duration ends, or
/// SIGINT/SIGTERM), prints the summary, and returns the exit code: 0 when every request got
/// an answer, 1 when some did not, 2 for a bad dialect or TLS file.
int run_load(const loadgen_settings& settings);

} // namespace switchyard::loadgen
