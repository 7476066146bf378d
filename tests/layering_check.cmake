# Fails when a plain library (protocols/, config/, core/) includes CAF or Asio.
# Run by ctest: cmake -DSOURCE_DIR=<repo> -P layering_check.cmake
set(violations "")
foreach(dir protocols config core)
  file(GLOB_RECURSE sources "${SOURCE_DIR}/${dir}/*.hpp" "${SOURCE_DIR}/${dir}/*.cpp"
       "${SOURCE_DIR}/${dir}/*.h")
  foreach(source IN LISTS sources)
    file(STRINGS "${source}" hits REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](caf/|boost/asio|boost/beast)")
    if(hits)
      file(RELATIVE_PATH rel "${SOURCE_DIR}" "${source}")
      list(APPEND violations "${rel}: ${hits}")
    endif()
  endforeach()
endforeach()
if(violations)
  list(JOIN violations "\n  " text)
  message(FATAL_ERROR "plain libraries must not include CAF or Asio:\n  ${text}")
endif()
message(STATUS "layering: protocols/, config/ and core/ include neither CAF nor Asio")
