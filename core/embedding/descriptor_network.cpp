#include "embedding/descriptor_network.h"

#include "embedding/chip_input.h"
#include "embedding/resnet_architecture.h"

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include <algorithm>
#include <exception>
#include <string>

namespace facecase {
namespace {

using A = ResNetArchitecture;

// One layer output while the net is being wired: where it comes from and its NCHW shape.
struct Node {
    int layerId = 0;  // 0 is the net's input layer
    int channels = 0;
    int rows = 0;
    int cols = 0;
};

// Adds dlib's layers one by one to a cv::dnn::Net, tracking shapes so that the "down" units
// can pad their two branches to a common shape exactly as dlib's add_prev does.
class NetBuilder {
public:
    explicit NetBuilder(cv::dnn::Net& net) : m_net(net) {}

    // conv + its affine folded in: W' = w * W, b' = w * bias + b (one fewer pass over memory).
    Node conv(const Node& in, const ConvWeights& cw, int stride, int pad) {
        const int k = cw.kernel, ci = cw.inChannels, co = cw.outChannels;
        const int rows = (in.rows + 2 * pad - k) / stride + 1;
        const int cols = (in.cols + 2 * pad - k) / stride + 1;
        // On a 1x1 map (conv256_down_out/conv2) every tap but the centre multiplies padding:
        // a 1x1 conv with the centre tap is exact and streams 9x fewer weights (~0.3 ms).
        const bool centreOnly = in.rows == 1 && in.cols == 1 && rows == 1 && cols == 1;
        const int kk = centreOnly ? 1 : k;
        const int tap0 = centreOnly ? pad : 0;
        const int sizes[] = {co, ci, kk, kk};
        cv::Mat filters(4, sizes, CV_32F);
        cv::Mat bias(co, 1, CV_32F);
        float* f = filters.ptr<float>();
        for (int o = 0; o < co; ++o) {
            const float scale = cw.scaleWeights[std::size_t(o)];
            bias.at<float>(o) = cw.bias[std::size_t(o)] * scale + cw.scaleBiases[std::size_t(o)];
            for (int i = 0; i < ci; ++i)
                for (int y = tap0; y < tap0 + kk; ++y)
                    for (int x = tap0; x < tap0 + kk; ++x)  // TF.js HWIO -> OpenCV OIHW
                        *f++ = cw.filtersHwio[std::size_t(((y * k + x) * ci + i) * co + o)] * scale;
        }
        cv::dnn::LayerParams lp;
        lp.set("kernel_size", kk);
        lp.set("stride", centreOnly ? 1 : stride);
        lp.set("pad", centreOnly ? 0 : pad);
        lp.set("num_output", co);
        lp.set("bias_term", true);
        lp.blobs = {filters, bias};
        return add(cw.name.toStdString(), "Convolution", lp, {in}, {0, co, rows, cols});
    }

    Node relu(const Node& in) {
        cv::dnn::LayerParams lp;
        return add(uniqueName("relu"), "ReLU", lp, {in}, in);
    }

    // ceil_mode off: OpenCV defaults to Caffe's ceil rounding (72 -> 36), dlib floors (-> 35).
    Node pool(const Node& in, const char* kind, int kernel, int stride) {
        cv::dnn::LayerParams lp;
        lp.set("pool", kind);
        lp.set("kernel_size", kernel);
        lp.set("stride", stride);
        lp.set("pad", 0);
        lp.set("ceil_mode", false);
        return add(uniqueName("pool"), "Pooling", lp, {in},
                   {0, in.channels, (in.rows - kernel) / stride + 1, (in.cols - kernel) / stride + 1});
    }

    // Zeros appended after the existing channels, rows and columns (dlib's add_prev alignment).
    Node padTo(const Node& in, int channels, int rows, int cols) {
        if (in.channels == channels && in.rows == rows && in.cols == cols) return in;
        const int paddings[] = {0, 0, 0, channels - in.channels, 0, rows - in.rows, 0, cols - in.cols};
        cv::dnn::LayerParams lp;
        lp.set("paddings", cv::dnn::DictValue::arrayInt(paddings, 8));
        return add(uniqueName("pad"), "Padding", lp, {in}, {0, channels, rows, cols});
    }

    Node sum(const Node& a, const Node& b) {
        cv::dnn::LayerParams lp;
        lp.set("operation", "sum");
        return add(uniqueName("sum"), "Eltwise", lp, {a, b}, a);
    }

    // Average over the whole map, the zero-padded positions of the last down unit included.
    Node globalAverage(const Node& in) {
        cv::dnn::LayerParams lp;
        lp.set("pool", "ave");
        lp.set("global_pooling", true);
        return add(uniqueName("pool"), "Pooling", lp, {in}, {0, in.channels, 1, 1});
    }

    Node fullyConnected(const Node& in, const std::vector<float>& inOut, int outputs) {
        const int inputs = in.channels;
        cv::Mat w(outputs, inputs, CV_32F);  // InnerProduct wants [out][in]; TF.js stores [in][out]
        for (int o = 0; o < outputs; ++o)
            for (int i = 0; i < inputs; ++i)
                w.at<float>(o, i) = inOut[std::size_t(i * outputs + o)];
        cv::dnn::LayerParams lp;
        lp.set("num_output", outputs);
        lp.set("bias_term", false);
        lp.set("axis", 1);
        lp.blobs = {w};
        return add("fc", "InnerProduct", lp, {in}, {0, outputs, 1, 1});
    }

private:
    Node add(const std::string& name, const std::string& type, cv::dnn::LayerParams& lp,
             std::initializer_list<Node> inputs, Node shape) {
        lp.name = name;
        lp.type = type;
        shape.layerId = m_net.addLayer(name, type, lp);
        int slot = 0;
        for (const Node& in : inputs) m_net.connect(in.layerId, 0, shape.layerId, slot++);
        return shape;
    }

    std::string uniqueName(const char* kind) { return kind + std::to_string(++m_count); }

    cv::dnn::Net& m_net;
    int m_count = 0;
};

// dlib's anet_type, layer for layer (see resnet_architecture.h).
void buildNet(cv::dnn::Net& net, const ResNetWeights& w) {
    net.setInputsNames({"data"});
    NetBuilder b(net);
    Node x{0, 3, A::kChipSize, A::kChipSize};
    x = b.relu(b.conv(x, w.stem, 2, 0));
    x = b.pool(x, "max", 3, 2);
    for (const ResidualUnitWeights& unit : w.units) {
        Node main = b.relu(b.conv(x, unit.conv1, unit.down ? 2 : 1, unit.down ? 0 : 1));
        main = b.conv(main, unit.conv2, 1, 1);
        Node shortcut = unit.down ? b.pool(x, "ave", 2, 2) : x;
        const int channels = std::max(main.channels, shortcut.channels);
        const int rows = std::max(main.rows, shortcut.rows);
        const int cols = std::max(main.cols, shortcut.cols);
        x = b.relu(b.sum(b.padTo(main, channels, rows, cols), b.padTo(shortcut, channels, rows, cols)));
    }
    b.fullyConnected(b.globalAverage(x), w.fcInOut, A::kDescriptorSize);
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
}

// Writes one chip into plane-major float rows as dlib's input_rgb_image_sized does:
// (pixel - mean) / 256 in RGB order; `mirror` flips left-right.
void fillInput(const Image& chip, bool mirror, float* dst) {
    constexpr int side = A::kChipSize;
    constexpr int plane = side * side;
    const std::uint8_t* src = chip.data();
    for (int y = 0; y < side; ++y) {
        const std::uint8_t* row = src + std::size_t(y) * std::size_t(chip.stride());
        float* r = dst + y * side;
        for (int x = 0; x < side; ++x) {
            const int dx = mirror ? side - 1 - x : x;
            for (int c = 0; c < 3; ++c)
                r[c * plane + dx] = (float(row[3 * x + c]) - A::kMeanRgb[std::size_t(c)]) / A::kInputDivisor;
        }
    }
}

}  // namespace

struct DescriptorNetwork::Impl {
    std::shared_ptr<const ResNetWeights> weights;
    cv::dnn::Net net;
    cv::Mat input;

    // One forward pass over at most kMaxBatch rows. Throws cv::Exception.
    void run(const Image* const* chips, int count, DescriptorMode mode, Descriptor* out) {
        const bool flip = mode == DescriptorMode::FlipAveraged;
        const int rows = flip ? 2 * count : count;
        const int shape[] = {rows, 3, A::kChipSize, A::kChipSize};
        input.create(4, shape, CV_32F);
        for (int i = 0; i < count; ++i) {
            if (flip) {
                fillInput(*chips[i], false, input.ptr<float>(2 * i));
                fillInput(*chips[i], true, input.ptr<float>(2 * i + 1));
            } else {
                fillInput(*chips[i], false, input.ptr<float>(i));
            }
        }
        net.setInput(input, "data");
        const cv::Mat result = net.forward("fc");
        CV_Assert(result.total() == std::size_t(rows) * A::kDescriptorSize && result.type() == CV_32F);
        const float* v = result.ptr<float>();
        for (int i = 0; i < count; ++i) {
            auto& d = out[i].values;
            if (flip) {
                const float* a = v + std::size_t(2 * i) * A::kDescriptorSize;
                const float* m = a + A::kDescriptorSize;
                for (std::size_t k = 0; k < d.size(); ++k) d[k] = 0.5f * (a[k] + m[k]);
            } else {
                std::copy_n(v + std::size_t(i) * A::kDescriptorSize, d.size(), d.begin());
            }
        }
    }
};

DescriptorNetwork::DescriptorNetwork(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
DescriptorNetwork::~DescriptorNetwork() = default;

Result<std::unique_ptr<DescriptorNetwork>> DescriptorNetwork::create(
    std::shared_ptr<const ResNetWeights> weights) {
    if (!weights) return Error::model(QStringLiteral("descriptor network: no weights loaded"));
    if (const QString problem = weights->architectureMismatch(); !problem.isEmpty())
        return Error::model(QStringLiteral("descriptor network: weights do not fit dlib's face "
                                           "ResNet: ") + problem);
    auto impl = std::make_unique<Impl>();
    impl->weights = std::move(weights);
    try {
        buildNet(impl->net, *impl->weights);
        // Warm-up: allocates the buffers and surfaces any wiring error now, not on first use.
        const Image grey(A::kChipSize, A::kChipSize,
                         std::vector<std::uint8_t>(std::size_t(3 * A::kChipSize * A::kChipSize), 128));
        const Image* chip = &grey;
        Descriptor d;
        impl->run(&chip, 1, DescriptorMode::Plain, &d);
    } catch (const std::exception& e) {
        return Error::internal(QStringLiteral("descriptor network: OpenCV DNN could not build the "
                                              "net: ") + QString::fromLocal8Bit(e.what()));
    }
    return std::unique_ptr<DescriptorNetwork>(new DescriptorNetwork(std::move(impl)));
}

Result<Descriptor> DescriptorNetwork::compute(const Image& chip, DescriptorMode mode) {
    auto batch = computeBatch({chip}, mode);
    if (!batch) return batch.error();
    return batch->front();
}

Result<std::vector<Descriptor>> DescriptorNetwork::computeBatch(const std::vector<Image>& chips,
                                                                DescriptorMode mode) {
    for (std::size_t i = 0; i < chips.size(); ++i) {
        const QString label = chips.size() == 1
                                  ? QStringLiteral("chip")
                                  : QStringLiteral("chip %1 of %2").arg(i + 1).arg(chips.size());
        if (auto ok = ChipInput::check(chips[i], label); !ok) return ok.error();
    }
    std::vector<Descriptor> out(chips.size());
    // In flip mode each chip takes two rows of the forward pass.
    const int slice = mode == DescriptorMode::FlipAveraged ? kMaxBatch / 2 : kMaxBatch;
    std::vector<const Image*> pointers;
    for (const Image& chip : chips) pointers.push_back(&chip);
    try {
        for (std::size_t start = 0; start < chips.size(); start += std::size_t(slice)) {
            const int count = int(std::min(chips.size() - start, std::size_t(slice)));
            m_impl->run(pointers.data() + start, count, mode, out.data() + start);
        }
    } catch (const std::exception& e) {
        return Error::internal(QStringLiteral("descriptor network: OpenCV DNN failed: ") +
                               QString::fromLocal8Bit(e.what()));
    }
    return out;
}

QString DescriptorNetwork::modelId() const { return m_impl->weights->modelId; }

void DescriptorNetwork::setLibraryThreads(int threads) { cv::setNumThreads(threads <= 0 ? -1 : threads); }

}  // namespace facecase
