#include "config/detail/writable_paths.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace switchyard::config::detail {

namespace {

namespace fs = std::filesystem;

// access(2) answers for the real user, with root's override and read-only mounts included,
// which is what the node meets when it opens the file (it does not change its user).
std::string access_problem(const fs::path& path, int mode) {
  if (::access(path.c_str(), mode) == 0)
    return {};
  return path.string() + ": " + std::strerror(errno);
}

} // namespace

std::string folder_problem(const fs::path& dir) {
  std::error_code ec;
  auto existing = dir;
  while (fs::status(existing, ec).type() == fs::file_type::not_found && existing.has_parent_path()
         && existing.parent_path() != existing)
    existing = existing.parent_path();
  auto type = fs::status(existing, ec).type();
  if (type == fs::file_type::not_found)
    return dir.string() + " cannot be created";
  if (type != fs::file_type::directory)
    return existing == dir
             ? dir.string() + " is not a folder"
             : existing.string() + " is not a folder, so " + dir.string() + " cannot be created";
  auto problem = access_problem(existing, W_OK | X_OK);
  if (problem.empty() || existing == dir)
    return problem;
  return "cannot create " + dir.string() + " in " + problem;
}

std::string log_file_problem(const fs::path& file) {
  std::error_code ec;
  auto folder = file.parent_path();
  auto folder_type = fs::status(folder, ec).type();
  if (folder_type == fs::file_type::not_found)
    return "the folder " + folder.string() + " does not exist";
  if (folder_type != fs::file_type::directory)
    return folder.string() + " is not a folder";
  auto type = fs::status(file, ec).type();
  if (type == fs::file_type::directory)
    return file.string() + " is a folder";
  if (type != fs::file_type::not_found)
    return access_problem(file, W_OK);
  auto problem = access_problem(folder, W_OK | X_OK);
  return problem.empty() ? problem : "cannot create " + file.string() + " in " + problem;
}

} // namespace switchyard::config::detail
