#include "actors/iso8583/reversal_journal.hpp"

#include "config/durable_file.hpp"
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
#include <ctime>
#include <filesystem>
#include <thread>

namespace switchyard {

namespace {

constexpr std::string_view header_v2 = "# switchyard reversal journal v2 ";

// Compaction pays off once settled records outnumber open ones well.
constexpr std::uint64_t compaction_floor = 10000;

bool parse_id(std::string_view text, std::uint64_t& id) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  return ec == std::errc{} && end == text.data() + text.size() && id > 0;
}

std::string cipher_name(const journal_cipher* cipher) {
  return cipher ? "aes-256-gcm key=" + cipher->fingerprint() : std::string{"none"};
}

std::string header_line(const journal_cipher* cipher) {
  return std::string{header_v2} + "cipher=" + cipher_name(cipher) + "\n";
}

// Takes the journal's lock file, waiting up to `patience` for an earlier holder (the
// previous incarnation of the connector still closing); -1 when it stays taken.
int take_lock(const std::string& lock_path, std::chrono::milliseconds patience,
              std::string& error) {
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = config::os_error("cannot open", lock_path);
    return -1;
  }
  auto until = std::chrono::steady_clock::now() + patience;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      error = config::os_error("cannot lock", lock_path);
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

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

// The records of a journal file as read at open.
struct journal_contents {
  struct record {
    std::string kind; // owe or fwd
    std::string payload;
    bool sent = false;
  };

  std::map<std::uint64_t, record> open_records;
  std::vector<std::pair<std::string, std::string>> unreadable; // line, why
  std::string cipher = "none"; // as the header names it; v1 files have no header
  bool versioned = false;
};

void read_line(std::string_view line, journal_contents& c) {
  if (line.empty())
    return;
  if (line.starts_with(header_v2)) {
    c.versioned = true;
    auto at = line.find("cipher=");
    c.cipher = at == std::string_view::npos ? "none" : std::string{line.substr(at + 7)};
    return;
  }
  auto space = line.find(' ');
  auto kind = line.substr(0, space);
  auto rest = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
  auto id_end = rest.find(' ');
  std::uint64_t id = 0;
  bool has_id = parse_id(rest.substr(0, id_end), id);
  if (has_id && (kind == "owe" || kind == "fwd") && id_end != std::string_view::npos) {
    // Version 1 wrote "owe" when an advice was stored and never said whether it went out.
    c.open_records[id] = {std::string{kind}, std::string{rest.substr(id_end + 1)}, !c.versioned};
    return;
  }
  if (has_id && id_end == std::string_view::npos && kind == "done") {
    c.open_records.erase(id);
    return;
  }
  if (has_id && id_end == std::string_view::npos && kind == "sent") {
    if (auto r = c.open_records.find(id); r != c.open_records.end())
      r->second.sent = true;
    return;
  }
  c.unreadable.emplace_back(std::string{line}, "not a journal record (torn by a crash?)");
}

journal_contents parse(const std::string& text) {
  journal_contents c;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) {
      // A last line without its line break was torn by a crash or a failed write.
      c.unreadable.emplace_back(text.substr(pos), "incomplete last line");
      break;
    }
    read_line(std::string_view{text}.substr(pos, end - pos), c);
    pos = end + 1;
  }
  return c;
}

// Appends `lines` with their reasons to the quarantine file and makes them durable.
std::string quarantine(const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& lines) {
  if (lines.empty())
    return {};
  std::string text;
  auto when = utc_now();
  for (const auto& [line, why] : lines)
    text += "# " + when + " " + why + "\n" + line + "\n";
  bool existed = std::filesystem::exists(path);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0)
    return config::os_error("cannot open", path);
  bool ok = config::write_all(fd, text) && ::fdatasync(fd) == 0;
  auto error = ok ? std::string{} : config::os_error("cannot write", path);
  ::close(fd);
  if (ok && !existed && !config::sync_folder_of(path))
    return config::os_error("cannot sync the folder of", path);
  return error;
}

// Counts the quarantined lines (those not starting with '#').
std::size_t count_quarantined(const std::string& path) {
  std::string text;
  if (!config::read_all(path, text).empty())
    return 0;
  std::size_t lines = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (text[pos] != '#')
      ++lines;
    pos = end == std::string::npos ? text.size() : end + 1;
  }
  return lines;
}

std::string associated_data(std::string_view kind, std::uint64_t id) {
  return std::string{kind} + " " + std::to_string(id);
}

// One owe or fwd record for the packed advice `wire`, sealed when there is a cipher.
std::string record_line(std::string_view kind, std::uint64_t id, std::string_view wire,
                        const journal_cipher* cipher) {
  auto payload = cipher ? "gcm:" + cipher->seal(wire, associated_data(kind, id))
                        : iso8583::to_hex(iso8583::as_byte_view(wire));
  return std::string{kind} + " " + std::to_string(id) + " " + payload + "\n";
}

} // namespace

bool reversal_journal::is_held(const std::string& path) {
  auto lock_path = path + ".lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return false; // never opened: nobody holds it
  bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd); // releases the lock if this took it
  return held;
}

reversal_journal::opened reversal_journal::open(const std::string& path,
                                                const iso8583::dialect& dialect,
                                                const journal_cipher* cipher,
                                                std::chrono::milliseconds patience) {
  opened result;
  // One holder at a time: a restarted connector waits for its predecessor to let go, and a
  // second node on the same directory is refused.
  int lock = take_lock(path + ".lock", patience, result.error);
  if (lock < 0)
    return result;
  auto fail = [&](std::string error) {
    result.error = std::move(error);
    ::close(lock);
    return std::move(result);
  };
  std::string text;
  if (auto error = config::read_all(path, text); !error.empty())
    return fail(error);
  auto contents = parse(text);
  // Records sealed under another key, or sealed where no key is configured now, are not
  // unreadable lines: they are a configuration mistake, and quarantining them all would stop
  // every owed reversal. Refuse to start instead. Records in clear are sealed when a key is
  // configured now.
  if (!contents.open_records.empty() && contents.cipher != "none"
      && contents.cipher != cipher_name(cipher))
    return fail(path + " was written with cipher=" + contents.cipher
                + " but this node is configured with cipher=" + cipher_name(cipher)
                + " (node.state_key_file)");
  std::string fresh = header_line(cipher);
  std::map<std::uint64_t, live_record> live;
  for (auto& [id, r] : contents.open_records) {
    auto payload = std::string_view{r.payload};
    std::optional<std::string> wire;
    if (payload.starts_with("gcm:")) {
      if (cipher)
        wire = cipher->open(payload.substr(4), associated_data(r.kind, id));
    } else {
      wire = iso8583::from_hex(payload);
    }
    iso8583::message advice;
    if (!wire || !iso8583::unpack(iso8583::as_byte_view(*wire), dialect, advice).ok()) {
      contents.unreadable.emplace_back(r.kind + " " + std::to_string(id) + " " + r.payload,
                                       wire ? "not a message of dialect " + dialect.name
                                            : "cannot be decoded or decrypted");
      continue;
    }
    auto line = record_line(r.kind, id, *wire, cipher);
    fresh += line;
    if (r.sent)
      fresh += "sent " + std::to_string(id) + "\n";
    live[id] = {std::move(line), r.sent};
    result.owed.push_back({id, std::move(advice), r.sent});
  }
  // Unreadable lines are kept apart for an operator, never deleted.
  if (auto error = quarantine(path + ".quarantine", contents.unreadable); !error.empty())
    return fail(error);
  result.quarantined_now = contents.unreadable.size();
  // The rewritten file replaces the old one only once it is on disk.
  int fd = -1;
  if (auto error = config::replace_file(path, fresh, &fd); !error.empty())
    return fail(error);
  result.journal.reset(new reversal_journal(path, fd, lock, dialect, cipher));
  result.journal->size_ = fresh.size();
  result.journal->live_ = std::move(live);
  result.journal->quarantined_ = count_quarantined(path + ".quarantine");
  return result;
}

reversal_journal::reversal_journal(std::string path, int fd, int lock_fd,
                                   const iso8583::dialect& dialect, const journal_cipher* cipher)
    : path_(std::move(path)), fd_(fd), lock_fd_(lock_fd), dialect_(dialect), cipher_(cipher) {}

reversal_journal::~reversal_journal() {
  flush();
  ::close(fd_);
  ::close(lock_fd_); // lets the next holder in
}

void reversal_journal::append(std::string_view kind, std::uint64_t id,
                              const iso8583::message& advice) {
  std::string wire;
  if (!iso8583::pack(advice, dialect_, wire).ok())
    return;
  auto line = record_line(kind, id, wire, cipher_);
  std::lock_guard guard{mutex_};
  buffer_ += line;
  live_[id] = {std::move(line), false};
}

void reversal_journal::owe(std::uint64_t id, const iso8583::message& advice) {
  append("owe", id, advice);
}

void reversal_journal::forward(std::uint64_t id, const iso8583::message& advice) {
  append("fwd", id, advice);
}

void reversal_journal::sent(std::uint64_t id) {
  std::lock_guard guard{mutex_};
  auto r = live_.find(id);
  if (r == live_.end() || r->second.sent)
    return;
  r->second.sent = true;
  buffer_ += "sent " + std::to_string(id) + "\n";
}

void reversal_journal::settle(std::uint64_t id) {
  std::lock_guard guard{mutex_};
  if (live_.erase(id) == 0)
    return;
  buffer_ += "done " + std::to_string(id) + "\n";
  ++settled_since_compaction_;
}

bool reversal_journal::dirty() const {
  std::lock_guard guard{mutex_};
  return !buffer_.empty();
}

std::size_t reversal_journal::open_records() const {
  std::lock_guard guard{mutex_};
  return live_.size();
}

std::string reversal_journal::flush() {
  std::lock_guard guard{mutex_};
  return flush_locked();
}

std::string reversal_journal::flush_locked() {
  if (buffer_.empty())
    return {};
  // A failed write must not leave a piece of a line behind: the next write would join it to
  // its own first line and the reader would lose both.
  // When a torn piece could not be cut off, a line break ends it first.
  std::string_view separator = torn_ ? "\n" : "";
  if (!config::write_all(fd_, separator) || !config::write_all(fd_, buffer_)
      || ::fdatasync(fd_) != 0) {
    auto error = config::os_error("cannot write", path_);
    failing_ = true;
    bool cut = ::ftruncate(fd_, static_cast<off_t>(size_)) == 0
               && ::lseek(fd_, static_cast<off_t>(size_), SEEK_SET) >= 0;
    torn_ = torn_ || !cut;
    return error;
  }
  size_ += separator.size() + buffer_.size();
  buffer_.clear();
  torn_ = false;
  failing_ = false;
  return {};
}

std::string reversal_journal::compact() {
  if (dirty()
      || settled_since_compaction_ < std::max<std::uint64_t>(compaction_floor, 4 * live_.size()))
    return {};
  std::string fresh = header_line(cipher_);
  for (const auto& [id, r] : live_) {
    fresh += r.line;
    if (r.sent)
      fresh += "sent " + std::to_string(id) + "\n";
  }
  int fd = -1;
  if (auto error = config::replace_file(path_, fresh, &fd); !error.empty())
    return error;
  ::close(fd_);
  fd_ = fd;
  size_ = fresh.size();
  torn_ = false;
  settled_since_compaction_ = 0;
  return {};
}

} // namespace switchyard
