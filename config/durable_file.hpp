#pragma once

// Files that must survive a crash or a power loss: a whole file replaced so that it holds
// either the old or the new text, appends made durable, and the folder entries synced. Used
// by the runtime network changes under state_dir and by the reversal journals.

#include <string>
#include <string_view>

namespace switchyard::config {

/// Returns "WHAT PATH: the system's reason" for the last failed call (errno).
std::string os_error(const std::string& what, const std::string& path);

/// Writes all of `data` to `fd`, retrying short writes; false on an error (errno set).
bool write_all(int fd, std::string_view data);

/// Reads the whole file at `path` into `out`; a missing file reads as empty. Returns an
/// error text, empty on success.
std::string read_all(const std::string& path, std::string& out);

/// Makes a new entry or a rename in the folder of `file_in_dir` durable: without it a power
/// loss may bring the old folder entry back. False on an error.
bool sync_folder_of(const std::string& file_in_dir);

/// Writes `text` to PATH.new, syncs it, renames it over `path` and syncs the folder: after a
/// crash the file holds the old or the new text. With `keep_open`, the new file stays open
/// for appending (its descriptor stored there); otherwise it is closed. Returns an error
/// text, empty on success (the aside file is removed on failure).
std::string replace_file(const std::string& path, std::string_view text, int* keep_open = nullptr);

} // namespace switchyard::config
