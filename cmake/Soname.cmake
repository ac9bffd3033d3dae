# sipwhy_soname(VAR LIBRARY FALLBACK DOC): sets the cache variable VAR, unless it is set already, to
# the soname of the shared library LIBRARY (objdump's SONAME), or to FALLBACK when it has none:
# the name sipwhy loads a library by at run time (dlopen) rather than linking it.
function(sipwhy_soname var library fallback doc)
  if(${var})
    return()
  endif()
  execute_process(COMMAND objdump -p "${library}" OUTPUT_VARIABLE dynamic ERROR_QUIET)
  string(REGEX MATCH "SONAME +([^\n ]+)" soname_line "${dynamic}")
  if(CMAKE_MATCH_1)
    set(${var} "${CMAKE_MATCH_1}" CACHE STRING "${doc}")
  else()
    set(${var} "${fallback}" CACHE STRING "${doc}")
  endif()
endfunction()
