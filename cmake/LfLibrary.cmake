# lf_library(NAME DIR <folder> INTERFACE <headers...> [LINKS <targets...>])
#
# One folder = one static library (design.md "Layout"). The folder's own
# headers are PRIVATE to it; only the headers listed as INTERFACE are seen
# by the libraries that link it: they are linked into a directory of their
# own in the build tree (iface/NAME), which is the library's only PUBLIC
# include directory. A library can therefore include only the interfaces of
# the libraries it links, and CMake's link graph says which those are.
function(lf_library name)
  cmake_parse_arguments(LIB "" "DIR" "INTERFACE;LINKS" ${ARGN})
  file(GLOB _sources CONFIGURE_DEPENDS ${LIB_DIR}/*.c)
  add_library(${name} STATIC ${_sources})
  set(_iface "${CMAKE_BINARY_DIR}/iface/${name}")
  file(REMOVE_RECURSE "${_iface}")
  file(MAKE_DIRECTORY "${_iface}")
  foreach(h ${LIB_INTERFACE})
    if(NOT EXISTS "${LIB_DIR}/${h}")
      message(FATAL_ERROR "layerfix: ${name}: interface header ${LIB_DIR}/${h} is missing")
    endif()
    file(CREATE_LINK "${LIB_DIR}/${h}" "${_iface}/${h}" SYMBOLIC)
  endforeach()
  target_include_directories(${name} PRIVATE ${LIB_DIR} PUBLIC ${_iface})
  target_compile_options(${name} PRIVATE ${LF_WARNINGS})
  target_compile_definitions(${name} PRIVATE LF_VERSION="${PROJECT_VERSION}")
  if(LIB_LINKS)
    target_link_libraries(${name} PUBLIC ${LIB_LINKS})
  endif()
  set_property(GLOBAL APPEND PROPERTY LF_LIBRARY_DIRS ${LIB_DIR})
endfunction()
