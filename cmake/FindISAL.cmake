# Finds ISA-L's headers (Debian: libisal-dev) and the soname sipwhy loads it by when a gzip input is
# read (src/cli/inflate.cpp), in ISAL_SONAME (Debian: libisal.so.2). sipwhy links no ISA-L: where
# the library is not installed, zlib inflates.
find_path(ISAL_INCLUDE_DIR NAMES isa-l/igzip_lib.h)
find_library(ISAL_LIBRARY NAMES isal)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(ISAL REQUIRED_VARS ISAL_LIBRARY ISAL_INCLUDE_DIR)

if(ISAL_FOUND)
  include(${CMAKE_CURRENT_LIST_DIR}/Soname.cmake)
  sipwhy_soname(ISAL_SONAME "${ISAL_LIBRARY}" libisal.so "The soname sipwhy loads ISA-L by")
endif()
mark_as_advanced(ISAL_INCLUDE_DIR ISAL_LIBRARY ISAL_SONAME)
