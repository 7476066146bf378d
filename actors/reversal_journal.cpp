#include "actors/reversal_journal.hpp"

#include "protocols/iso8583/hex.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <thread>

namespace switchyard {

namespace {

std::string system_error(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

bool parse_id(std::string_view text, std::uint64_t& id) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  return ec == std::errc{} && end == text.data() + text.size() && id > 0;
}

// Writes all of `data` to `fd`; false on an error (errno set).
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    auto n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string owe_line(std::uint64_t id, const iso8583::message& advice,
                     const iso8583::dialect& dialect) {
  std::string wire;
  if (!iso8583::pack(advice, dialect, wire).ok())
    return {};
  return "owe " + std::to_string(id) + " " + iso8583::to_hex(iso8583::as_byte_view(wire)) + "\n";
}

// Takes the journal's lock file, waiting up to `patience` for an earlier holder (the
// previous incarnation of the connector still closing); -1 when it stays taken.
int take_lock(const std::string& lock_path, std::chrono::milliseconds patience,
              std::string& error) {
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = system_error("cannot open", lock_path);
    return -1;
  }
  auto until = std::chrono::steady_clock::now() + patience;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      error = system_error("cannot lock", lock_path);
      ::close(fd);
      return -1;
    }
    if (std::chrono::steady_clock::now() >= until) {
      error = lock_path + " is held by another node or connector using the same state_dir";
      ::close(fd);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return fd;
}

} // namespace

reversal_journal::opened reversal_journal::open(const std::string& path,
                                                const iso8583::dialect& dialect,
                                                std::chrono::milliseconds patience) {
  opened result;
  // One holder at a time: a restarted connector waits for its predecessor to let go, and a
  // second node on the same directory is refused.
  int lock = take_lock(path + ".lock", patience, result.error);
  if (lock < 0)
    return result;
  // What the old file still owes: "owe" lines without a later "done" of the same id.
  std::map<std::uint64_t, std::string> owed_hex;
  {
    std::ifstream in{path};
    std::string line;
    while (std::getline(in, line)) {
      std::uint64_t id = 0;
      if (line.starts_with("owe ")) {
        auto space = line.find(' ', 4);
        if (space != std::string::npos
            && parse_id(std::string_view{line}.substr(4, space - 4), id)) {
          owed_hex[id] = line.substr(space + 1);
          continue;
        }
      } else if (line.starts_with("done ") && parse_id(std::string_view{line}.substr(5), id)) {
        owed_hex.erase(id);
        continue;
      }
      ++result.unreadable; // a line torn by a crash, or not ours
    }
  }
  std::string fresh;
  for (auto& [id, hex] : owed_hex) {
    auto wire = iso8583::from_hex(hex);
    iso8583::message advice;
    if (!wire || !iso8583::unpack(iso8583::as_byte_view(*wire), dialect, advice).ok()) {
      ++result.unreadable;
      continue;
    }
    fresh += owe_line(id, advice, dialect);
    result.owed.push_back({id, std::move(advice)});
  }
  // The rewritten file replaces the old one only once it is on disk.
  auto temporary = path + ".new";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    result.error = system_error("cannot create", temporary);
    ::close(lock);
    return result;
  }
  if (!write_all(fd, fresh) || ::fdatasync(fd) != 0
      || ::rename(temporary.c_str(), path.c_str()) != 0) {
    result.error = system_error("cannot write", path);
    ::close(fd);
    ::close(lock);
    return result;
  }
  // The file stays open for appending: its offset is at its end.
  result.journal.reset(new reversal_journal(path, fd, lock, dialect));
  return result;
}

reversal_journal::reversal_journal(std::string path, int fd, int lock_fd,
                                   const iso8583::dialect& dialect)
    : path_(std::move(path)), fd_(fd), lock_fd_(lock_fd), dialect_(dialect) {}

reversal_journal::~reversal_journal() {
  if (dirty())
    flush();
  ::close(fd_);
  ::close(lock_fd_); // lets the next holder in
}

void reversal_journal::owe(std::uint64_t id, const iso8583::message& advice) {
  buffer_ += owe_line(id, advice, dialect_);
}

void reversal_journal::settle(std::uint64_t id) {
  buffer_ += "done " + std::to_string(id) + "\n";
}

std::string reversal_journal::flush() {
  if (buffer_.empty())
    return {};
  if (!write_all(fd_, buffer_) || ::fdatasync(fd_) != 0)
    return system_error("cannot write", path_);
  buffer_.clear();
  return {};
}

} // namespace switchyard
