# One INTERFACE target carries the language level, warnings and Qt hygiene for every FaceCase target.
add_library(facecase_options INTERFACE)
target_compile_features(facecase_options INTERFACE cxx_std_20)
target_compile_options(facecase_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    $<$<BOOL:${FACECASE_WERROR}>:-Werror>)
target_compile_definitions(facecase_options INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
    QT_NO_CAST_FROM_BYTEARRAY QT_USE_QSTRINGBUILDER)
set(CMAKE_CXX_EXTENSIONS OFF)
