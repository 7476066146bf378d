#pragma once

// The ledgers the issuer simulator and the load generator keep for tools/chaos-iso8583: an
// append-only file of tab-separated lines, shared by both.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

namespace switchyard::tools {

/// Appends `value` to a ledger line: "-" when empty; bytes that would break the line's shape
/// (tabs, line breaks, binary) become '?', since a malformed message can carry anything.
inline void add_ledger_column(std::string& line, std::string_view value) {
  if (value.empty()) {
    line += '-';
    return;
  }
  for (const char c : value)
    line += c > ' ' && c < 0x7f ? c : '?';
}

/// A file opened with O_APPEND that text is appended to in as few write(2) calls as it
/// takes, so that whole lines from several threads or processes never interleave.
class ledger_file {
public:
  /// Opens (creating if needed) `path` for appending; null with `error` set on failure.
  static std::unique_ptr<ledger_file> open(const std::string& path, std::string& error) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
      error = "cannot open the ledger " + path + ": "
              + std::error_code{errno, std::generic_category()}.message();
      return nullptr;
    }
    return std::unique_ptr<ledger_file>{new ledger_file(fd)};
  }

  ~ledger_file() { ::close(fd_); }

  ledger_file(const ledger_file&) = delete;
  ledger_file& operator=(const ledger_file&) = delete;

  /// Appends `text`; false when it could not all be written.
  bool append(std::string_view text) const noexcept {
    while (!text.empty()) {
      const auto written = ::write(fd_, text.data(), text.size());
      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return false;
      text.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
  }

private:
  explicit ledger_file(int fd) : fd_(fd) {}

  int fd_;
};

} // namespace switchyard::tools
