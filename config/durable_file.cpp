#include "config/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace switchyard::config {

std::string os_error(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

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

std::string read_all(const std::string& path, std::string& out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT ? std::string{} : os_error("cannot open", path);
  char chunk[65536];
  for (;;) {
    auto n = ::read(fd, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      auto error = os_error("cannot read", path);
      ::close(fd);
      return error;
    }
    if (n == 0)
      break;
    out.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return {};
}

bool sync_folder_of(const std::string& file_in_dir) {
  auto dir = std::filesystem::path{file_in_dir}.parent_path();
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

std::string replace_file(const std::string& path, std::string_view text, int* keep_open) {
  auto aside = path + ".new";
  int fd = ::open(aside.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return os_error("cannot create", aside);
  if (!write_all(fd, text) || ::fdatasync(fd) != 0 || ::rename(aside.c_str(), path.c_str()) != 0) {
    auto error = os_error("cannot write", path);
    ::close(fd);
    ::unlink(aside.c_str());
    return error;
  }
  if (!sync_folder_of(path)) {
    auto error = os_error("cannot sync the folder of", path);
    ::close(fd);
    return error;
  }
  if (keep_open != nullptr)
    *keep_open = fd; // its offset is at the end: ready for appending
  else if (::close(fd) != 0)
    return os_error("cannot close", path);
  return {};
}

} // namespace switchyard::config
