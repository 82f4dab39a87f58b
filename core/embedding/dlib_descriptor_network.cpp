// The only translation unit that includes <dlib/dnn.h> (~30 s and ~1 GB to compile): keep it so.
#include "embedding/dlib_descriptor_network.h"

#include "embedding/chip_input.h"
#include "embedding/resnet_architecture.h"

#include <dlib/dnn.h>

#include <algorithm>
#include <cstring>
#include <exception>

namespace facecase {
namespace {

// anet_type from dlib's examples/dnn_face_recognition_ex.cpp, verbatim in structure.
template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual = dlib::add_prev1<block<N, BN, 1, dlib::tag1<SUBNET>>>;

template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual_down =
    dlib::add_prev2<dlib::avg_pool<2, 2, 2, 2, dlib::skip1<dlib::tag2<block<N, BN, 2, dlib::tag1<SUBNET>>>>>>;

template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<dlib::con<N, 3, 3, 1, 1, dlib::relu<BN<dlib::con<N, 3, 3, stride, stride, SUBNET>>>>>;

template <int N, typename SUBNET>
using ares = dlib::relu<residual<block, N, dlib::affine, SUBNET>>;
template <int N, typename SUBNET>
using ares_down = dlib::relu<residual_down<block, N, dlib::affine, SUBNET>>;

template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;

using anet_type = dlib::loss_metric<dlib::fc_no_bias<128, dlib::avg_pool_everything<
    alevel0<alevel1<alevel2<alevel3<alevel4<
    dlib::max_pool<3, 3, 2, 2, dlib::relu<dlib::affine<dlib::con<32, 7, 7, 2, 2,
    dlib::input_rgb_image_sized<150>>>>>>>>>>>>>;

using Chip = dlib::matrix<dlib::rgb_pixel>;
static_assert(sizeof(dlib::rgb_pixel) == 3, "Image rows are copied into dlib chips byte for byte");

// Collects the parameter holders of the net. dlib visits from the output towards the input.
struct ParameterRefs {
    std::vector<dlib::tensor*> convs;
    std::vector<dlib::affine_*> affines;
    dlib::tensor* fc = nullptr;
};

struct ParameterCollector {
    ParameterRefs& refs;
    template <long N, long R, long C, int SY, int SX, int PY, int PX>
    void operator()(dlib::con_<N, R, C, SY, SX, PY, PX>& l) const {
        refs.convs.push_back(&l.get_layer_params());
    }
    void operator()(dlib::affine_& l) const { refs.affines.push_back(&l); }
    template <unsigned long N, dlib::fc_bias_mode M>
    void operator()(dlib::fc_<N, M>& l) const { refs.fc = &l.get_layer_params(); }
};

// con_ params: filters [out][in][kh][kw] then the bias [out] - the affine stays separate.
bool setConv(dlib::tensor& params, const ConvWeights& w) {
    const int k = w.kernel, ci = w.inChannels, co = w.outChannels;
    if (params.size() != std::size_t(co) * std::size_t(ci * k * k + 1)) return false;
    float* p = params.host();
    for (int o = 0; o < co; ++o)
        for (int i = 0; i < ci; ++i)
            for (int y = 0; y < k; ++y)
                for (int x = 0; x < k; ++x)  // TF.js HWIO -> dlib OIHW
                    *p++ = w.filtersHwio[std::size_t(((y * k + x) * ci + i) * co + o)];
    std::copy(w.bias.begin(), w.bias.end(), p);
    return true;
}

bool setAffine(dlib::affine_& layer, const ConvWeights& w) {
    auto gamma = layer.get_gamma();
    auto beta = layer.get_beta();
    if (gamma.size() != w.scaleWeights.size() || beta.size() != w.scaleBiases.size()) return false;
    std::copy(w.scaleWeights.begin(), w.scaleWeights.end(), gamma.host());
    std::copy(w.scaleBiases.begin(), w.scaleBiases.end(), beta.host());
    return true;
}

Chip toDlib(const Image& image) {
    Chip chip(image.height(), image.width());
    std::memcpy(&chip(0, 0), image.data(), image.byteCount());  // rgb_pixel is 3 packed bytes
    return chip;
}

// Sizes the layers with one pass, then overwrites their parameters with the loaded weights.
QString loadInto(anet_type& net, const ResNetWeights& w) {
    // Affines default to FC_MODE (one gamma per value); the trained net has one per channel.
    dlib::visit_computational_layers(net, [](dlib::affine_& l) { l = dlib::affine_(dlib::CONV_MODE); });
    Chip black(ResNetArchitecture::kChipSize, ResNetArchitecture::kChipSize);
    dlib::assign_all_pixels(black, dlib::rgb_pixel(0, 0, 0));
    net(black);  // runs every layer's setup()

    ParameterRefs refs;
    dlib::visit_computational_layers(net, ParameterCollector{refs});
    std::reverse(refs.convs.begin(), refs.convs.end());
    std::reverse(refs.affines.begin(), refs.affines.end());
    std::vector<const ConvWeights*> convs{&w.stem};
    for (const auto& unit : w.units) {
        convs.push_back(&unit.conv1);
        convs.push_back(&unit.conv2);
    }
    if (refs.convs.size() != convs.size() || refs.affines.size() != convs.size() || !refs.fc)
        return QStringLiteral("dlib net has %1 convolutions, the weights %2")
            .arg(refs.convs.size()).arg(convs.size());
    for (std::size_t i = 0; i < convs.size(); ++i)
        if (!setConv(*refs.convs[i], *convs[i]) || !setAffine(*refs.affines[i], *convs[i]))
            return convs[i]->name + QStringLiteral(": dlib layer has a different size");
    if (refs.fc->size() != w.fcInOut.size()) return QStringLiteral("fc: dlib layer has a different size");
    std::copy(w.fcInOut.begin(), w.fcInOut.end(), refs.fc->host());  // both [in][out]
    return {};
}

}  // namespace

struct DlibDescriptorNetwork::Impl {
    std::shared_ptr<const ResNetWeights> weights;
    anet_type net;
};

DlibDescriptorNetwork::DlibDescriptorNetwork(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
DlibDescriptorNetwork::~DlibDescriptorNetwork() = default;

Result<std::unique_ptr<DlibDescriptorNetwork>> DlibDescriptorNetwork::create(
    std::shared_ptr<const ResNetWeights> weights) {
    if (!weights) return Error::model(QStringLiteral("dlib descriptor network: no weights loaded"));
    if (const QString problem = weights->architectureMismatch(); !problem.isEmpty())
        return Error::model(QStringLiteral("dlib descriptor network: weights do not fit dlib's face "
                                           "ResNet: ") + problem);
    auto impl = std::make_unique<Impl>();
    impl->weights = std::move(weights);
    try {
        if (const QString problem = loadInto(impl->net, *impl->weights); !problem.isEmpty())
            return Error::internal(QStringLiteral("dlib descriptor network: ") + problem);
    } catch (const std::exception& e) {
        return Error::internal(QStringLiteral("dlib descriptor network: ") + QString::fromLocal8Bit(e.what()));
    }
    return std::unique_ptr<DlibDescriptorNetwork>(new DlibDescriptorNetwork(std::move(impl)));
}

Result<Descriptor> DlibDescriptorNetwork::compute(const Image& chip, DescriptorMode mode) {
    if (auto ok = ChipInput::check(chip, QStringLiteral("chip")); !ok) return ok.error();
    Descriptor d;
    try {
        const Chip input = toDlib(chip);
        if (mode == DescriptorMode::FlipAveraged) {
            const std::vector<Chip> batch{input, dlib::fliplr(input)};
            const auto out = m_impl->net(batch);
            for (std::size_t k = 0; k < d.values.size(); ++k)
                d.values[k] = 0.5f * (out[0](long(k)) + out[1](long(k)));
        } else {
            const dlib::matrix<float, 0, 1> out = m_impl->net(input);
            for (std::size_t k = 0; k < d.values.size(); ++k) d.values[k] = out(long(k));
        }
    } catch (const std::exception& e) {
        return Error::internal(QStringLiteral("dlib descriptor network: ") + QString::fromLocal8Bit(e.what()));
    }
    return d;
}

QString DlibDescriptorNetwork::modelId() const { return m_impl->weights->modelId; }

}  // namespace facecase
