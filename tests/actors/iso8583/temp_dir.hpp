#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace switchyard::test {

/// A directory of its own under the system's temporary directory, removed with everything
/// in it when the test is done.
class temp_dir {
public:
  /// Creates switchyard-PREFIX-XXXXXX.
  explicit temp_dir(const std::string& prefix = "test") {
    std::string pattern
      = (std::filesystem::temp_directory_path() / ("switchyard-" + prefix + "-XXXXXX")).string();
    path_ = ::mkdtemp(pattern.data());
  }

  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  /// Returns the directory.
  const std::filesystem::path& path() const noexcept { return path_; }

  /// Returns the path of `name` in the directory.
  std::string file(const std::string& name = "reversals-visa.journal") const {
    return (path_ / name).string();
  }

  /// Returns what the file `name` in the directory holds (empty when it does not exist).
  std::string text(const std::string& name = "reversals-visa.journal") const {
    std::ifstream in{file(name)};
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

private:
  std::filesystem::path path_;
};

} // namespace switchyard::test
