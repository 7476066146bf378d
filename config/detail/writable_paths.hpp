#pragma once

#include <filesystem>
#include <string>

namespace switchyard::config::detail {

/// Returns why the node could not keep files in folder `dir`, which it creates when missing
/// (not a folder, a file in the way, no write permission, a read-only file system); empty when
/// it could.
std::string folder_problem(const std::filesystem::path& dir);

/// Returns why the node could not append to `file`, whose folder must already exist (missing
/// or not a folder, `file` is a folder, no write permission); empty when it could.
std::string log_file_problem(const std::filesystem::path& file);

} // namespace switchyard::config::detail
