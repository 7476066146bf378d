#pragma once

// The shell's prompt: one command per line, run as one-shot mode runs it, with line editing,
// history and tab completion from libedit.

#include "tools/switchyard-shell/node_link.hpp"
#include "tools/switchyard-shell/options.hpp"

#include <string>
#include <vector>

namespace switchyard::shell {

/// What Tab offers besides command names, as last fetched from the node.
struct completion_words {
  std::vector<std::string> networks;    ///< from the node's `networks` reply
  std::vector<std::string> actor_paths; ///< from `status`, without the root ("connectors/visa")
};

/// Returns the completions of `word`, the word under the cursor, after the words `before` it.
std::vector<std::string> complete(const completion_words& known,
                                  const std::vector<std::string>& before, const std::string& word);

/// Prompts for commands until exit, quit or end of input (Ctrl-D); returns 0, or 1 when the
/// node cannot be reached at the start.
int run_interactive(node_link& link, const options& opts);

} // namespace switchyard::shell
