#pragma once

#include "config/loader.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace switchyard::config::test {

/// Loads `toml` as if it were the file "test.toml" in the working directory.
inline load_result load(std::string_view toml) {
  return load_string(toml, "test.toml");
}

/// Returns the error reported for `key`; fails the test case when there is none.
inline config_error error_for(const load_result& result, std::string_view key) {
  for (const auto& error : result.errors) {
    if (error.key == key) {
      return error;
    }
  }
  INFO("no error for key ", key);
  for (const auto& error : result.errors) {
    INFO("reported: ", to_string(error));
  }
  FAIL("missing error");
  return {};
}

/// Checks that `result` reports `key` at `line`:`column`, expecting `expected`.
inline void check_error(const load_result& result, std::string_view key, int line, int column,
                        std::string_view expected) {
  auto error = error_for(result, key);
  CHECK(error.line == line);
  CHECK(error.column == column);
  CHECK(error.expected == expected);
}

/// A fresh directory under the system temporary directory, removed with everything in it.
class temp_directory {
public:
  temp_directory() {
    std::random_device seed;
    path_ = std::filesystem::temp_directory_path()
            / ("switchyard-config-test-" + std::to_string(seed()));
    std::filesystem::create_directories(path_);
  }

  temp_directory(const temp_directory&) = delete;

  temp_directory& operator=(const temp_directory&) = delete;

  ~temp_directory() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }

  /// Returns the directory's path.
  const std::filesystem::path& path() const { return path_; }

  /// Writes `content` to `name` inside the directory and returns the file's path.
  std::filesystem::path write(const std::string& name, std::string_view content) const {
    auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream{file} << content;
    return file;
  }

private:
  std::filesystem::path path_;
};

} // namespace switchyard::config::test
