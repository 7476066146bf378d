#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace switchyard::testing {

/// A configuration file in the temp directory, removed when the test ends.
class temp_config {
public:
  /// Writes `toml` to a fresh file.
  explicit temp_config(const std::string& toml) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path()
            / ("switchyard-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter)
               + ".toml");
    std::ofstream{path_} << toml;
  }

  ~temp_config() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }

  temp_config(const temp_config&) = delete;
  temp_config& operator=(const temp_config&) = delete;

  /// Returns the file's path.
  std::string path() const { return path_.string(); }

private:
  std::filesystem::path path_;
};

} // namespace switchyard::testing
