# Helps lupdate (the update_translations target, see app/CMakeLists.txt) with one pattern of
# this code base: a file-local wrapper
#     static QString tr(const char *text) { return QCoreApplication::translate("Ctx", text); }
# lupdate skips tr() in free functions ("cannot be called without context") and files the ones
# in member functions of plain classes under the class's name, not under "Ctx".
#
# MODE=prepare: copies every file listed in SOURCES_FILE (absolute paths under SOURCE_DIR) to
#   the same relative path under MIRROR_DIR; in a file with such a wrapper, each tr( call
#   becomes QCoreApplication::translate("Ctx", , line for line. lupdate scans the copies.
# MODE=locations: in TS_FILE, points the locations into MIRROR_DIR back at the sources.

if(MODE STREQUAL "prepare")
  file(STRINGS "${SOURCES_FILE}" sources)
  set(wrapper_regex
    "QString tr\\(const char \\*([A-Za-z_]+)\\)[ \t\r\n]*{[ \t\r\n]*return QCoreApplication::translate\\(\"([^\"]+)\", ([A-Za-z_]+)\\);")
  foreach(source IN LISTS sources)
    file(RELATIVE_PATH relative "${SOURCE_DIR}" "${source}")
    if(NOT EXISTS "${source}" OR relative MATCHES "^\\.\\./")
      continue()
    endif()
    file(READ "${source}" text)
    if(text MATCHES "${wrapper_regex}" AND CMAKE_MATCH_1 STREQUAL CMAKE_MATCH_3)
      set(context "${CMAKE_MATCH_2}")
      # The wrapper itself is renamed first, then every call not qualified (x.tr, X::tr).
      string(REGEX REPLACE "QString tr\\(const char" "QString tr_wrapper(const char" text
        "${text}")
      string(REGEX REPLACE "([^A-Za-z0-9_:.>])tr\\(" "\\1QCoreApplication::translate(\"${context}\", "
        text "${text}")
    endif()
    # Written only when changed: lupdate is the only reader, but unchanged copies stay as they are.
    set(copy "${MIRROR_DIR}/${relative}")
    set(old "")
    if(EXISTS "${copy}")
      file(READ "${copy}" old)
    endif()
    if(NOT old STREQUAL text)
      file(WRITE "${copy}" "${text}")
    endif()
  endforeach()
elseif(MODE STREQUAL "locations")
  get_filename_component(ts_dir "${TS_FILE}" DIRECTORY)
  file(RELATIVE_PATH from_ts "${ts_dir}" "${MIRROR_DIR}")
  file(RELATIVE_PATH to_sources "${ts_dir}" "${SOURCE_DIR}")
  string(REGEX REPLACE "/$" "" to_sources "${to_sources}")
  file(READ "${TS_FILE}" text)
  string(REPLACE "filename=\"${from_ts}/" "filename=\"${to_sources}/" fixed "${text}")
  if(NOT fixed STREQUAL text)
    file(WRITE "${TS_FILE}" "${fixed}")
  endif()
else()
  message(FATAL_ERROR "lupdate-sources.cmake: MODE=prepare or MODE=locations")
endif()
