#pragma once

#include <string>
#include <vector>

namespace switchyard::testing {

/// Returns whether `program` run with `args` is a switchyard node (started directly or
/// through a launcher such as prlimit).
bool is_node(const std::string& program, const std::vector<std::string>& args);

/// Fails the running test case once for every full card number (find_full_pans) in a node's
/// captured standard output and error, `output`, and in its `[logging] file` (with rotated
/// siblings such as node.log.1) when `args` name a configuration that sets one.
void check_node_logs(const std::vector<std::string>& args, const std::string& output);

} // namespace switchyard::testing
