#include "imaging/jpeg_entropy_checker.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>

// jpeglib.h needs size_t and FILE declared first.
#include <jpeglib.h>
#include <jerror.h>

namespace facecase {

namespace {

// Plain C data only: libjpeg reports fatal errors by longjmp, which must not cross C++ objects
// with destructors. Everything the pass learns is copied in here.
struct Outcome {
    jpeg_error_mgr manager;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    int code;
    bool fatal;
    bool corrupt;
};

// Warnings about metadata, not pixels: a photo with them decodes correctly.
bool isHarmless(int code) {
    return code == JWRN_JFIF_MAJOR || code == JWRN_ADOBE_XFORM || code == JWRN_BOGUS_ICC ||
           code == JWRN_TOO_MUCH_DATA;
}

[[noreturn]] void onError(j_common_ptr info) {
    auto* outcome = reinterpret_cast<Outcome*>(info->err);
    (*info->err->format_message)(info, outcome->message);
    outcome->code = info->err->msg_code;
    outcome->fatal = true;
    std::longjmp(outcome->jump, 1);
}

// Level -1 is a warning; higher levels are trace messages, which stay off.
void onMessage(j_common_ptr info, int level) {
    auto* outcome = reinterpret_cast<Outcome*>(info->err);
    if (level >= 0 || outcome->corrupt || isHarmless(info->err->msg_code)) return;
    (*info->err->format_message)(info, outcome->message);
    outcome->code = info->err->msg_code;
    outcome->corrupt = true;
}

// The libjpeg pass; returns with `outcome` filled in. No C++ object lives in this frame.
void runLibjpeg(const unsigned char* data, unsigned long size, Outcome* outcome) {
    jpeg_decompress_struct info;
    info.err = jpeg_std_error(&outcome->manager);
    outcome->manager.error_exit = onError;
    outcome->manager.emit_message = onMessage;
    jpeg_create_decompress(&info);
    if (setjmp(outcome->jump) != 0) {
        jpeg_destroy_decompress(&info);
        return;
    }
    jpeg_mem_src(&info, data, size);
    jpeg_read_header(&info, TRUE);
    // 1/8 scale: every Huffman code is still decoded, but the IDCT is a DC copy.
    info.scale_num = 1;
    info.scale_denom = 8;
    info.dct_method = JDCT_IFAST;
    info.do_fancy_upsampling = FALSE;
    info.do_block_smoothing = FALSE;
    if (info.jpeg_color_space == JCS_YCbCr) info.out_color_space = JCS_GRAYSCALE;  // skips colour conversion
    jpeg_start_decompress(&info);
    JSAMPARRAY row = (*info.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&info), JPOOL_IMAGE,
                                               info.output_width * JDIMENSION(info.output_components), 1);
    while (info.output_scanline < info.output_height && !outcome->corrupt) jpeg_read_scanlines(&info, row, 1);
    if (!outcome->corrupt) jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
}

// "Corrupt JPEG data: bad Huffman code" → "bad Huffman code".
QString detail(const char* message) {
    QString text = QString::fromLocal8Bit(message);
    const QString prefix = QStringLiteral("Corrupt JPEG data: ");
    if (text.startsWith(prefix)) text = text.mid(prefix.size());
    return text;
}

}  // namespace

Result<void> JpegEntropyChecker::check(QByteArrayView bytes) {
    Outcome outcome;
    std::memset(&outcome, 0, sizeof outcome);
    runLibjpeg(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()), &outcome);
    if (outcome.fatal)
        return Error::invalidInput(QStringLiteral("unreadable JPEG data (libjpeg: %1)").arg(detail(outcome.message)));
    if (outcome.corrupt) {
        if (outcome.code == JWRN_JPEG_EOF)
            return Error::invalidInput(QStringLiteral("truncated JPEG data (libjpeg: %1)").arg(detail(outcome.message)));
        return Error::invalidInput(QStringLiteral("corrupt JPEG data (%1)").arg(detail(outcome.message)));
    }
    return {};
}

}  // namespace facecase
