# cmake -P package.cmake: writes the extension for each browser family from the one source.
# Chromium: no Firefox settings, the background as a service worker. Firefox: no "key" (an
# unpacked Chromium extension's fixed id), the background as scripts.
file(READ ${SOURCE_DIR}/manifest.json manifest)
string(REPLACE "@FETCHDECK_VERSION@" "${VERSION}" manifest "${manifest}")
string(REPLACE "@FETCHDECK_FIREFOX_ID@" "${FIREFOX_ID}" manifest "${manifest}")
string(JSON chromium REMOVE "${manifest}" browser_specific_settings)
string(JSON chromium REMOVE "${chromium}" background scripts)
string(JSON firefox REMOVE "${manifest}" key)
string(JSON firefox REMOVE "${firefox}" background service_worker)
set(files background.js rules.js content.js popup.html popup.js popup.css)
foreach(browser chromium firefox)
  set(dir ${OUT}/${browser})
  file(REMOVE_RECURSE ${dir})
  file(MAKE_DIRECTORY ${dir})
  foreach(f IN LISTS files)
    file(COPY ${SOURCE_DIR}/${f} DESTINATION ${dir})
  endforeach()
  file(COPY_FILE ${ICON48} ${dir}/icon.png)
  file(COPY_FILE ${ICON128} ${dir}/icon128.png)
  file(WRITE ${dir}/manifest.json "${${browser}}\n")
endforeach()
set(archive_files manifest.json icon.png icon128.png ${files})
execute_process(COMMAND ${CMAKE_COMMAND} -E tar cf ${OUT}/fetchdeck-chromium.zip --format=zip
                        ${archive_files} WORKING_DIRECTORY ${OUT}/chromium COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CMAKE_COMMAND} -E tar cf ${OUT}/fetchdeck-firefox.xpi --format=zip
                        ${archive_files} WORKING_DIRECTORY ${OUT}/firefox COMMAND_ERROR_IS_FATAL ANY)
