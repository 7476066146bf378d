# Writes OUTPUT, a C++ source defining `std::string_view switchyard::FUNCTION()` that returns
# the text of INPUT, declared in HEADER (a path rooted at the repository). Run at build time:
# cmake -DINPUT=<file> -DOUTPUT=<file.cpp> -DHEADER=<header> -DFUNCTION=<name> -P embed_text.cmake
foreach(arg INPUT OUTPUT HEADER FUNCTION)
  if(NOT DEFINED ${arg})
    message(FATAL_ERROR "embed_text.cmake: ${arg} is not set")
  endif()
endforeach()
file(READ "${INPUT}" text)
# The text goes into a raw string literal: it must not contain the literal's end.
set(delimiter "switchyard_text")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "embed_text.cmake: ${INPUT} contains )${delimiter}\" and cannot be embedded")
endif()
file(WRITE "${OUTPUT}.new"
  "// Generated from ${INPUT} by cmake/embed_text.cmake: edit that file, not this one.\n"
  "#include \"${HEADER}\"\n\n"
  "namespace switchyard {\n\n"
  "std::string_view ${FUNCTION}() {\n"
  "  static constexpr std::string_view text = R\"${delimiter}(${text})${delimiter}\";\n"
  "  return text;\n"
  "}\n\n"
  "} // namespace switchyard\n")
# Rewriting an unchanged source would recompile it for nothing.
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
