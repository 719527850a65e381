// Saving and restoring the GL state a renderer's draw() changes (OverlayRenderer, MarkRenderer),
// so that drawing leaves the caller's GL state as it found it. Internal to render/.
#pragma once

#include <array>
#include <glad/gl.h>

namespace hp::render {

/// The GL state the renderers' draw() calls change, saved on construction and restored on
/// destruction: program, vertex array and GL_ARRAY_BUFFER bindings, blending (enables, functions,
/// equations), depth, stencil, cull-face and scissor enables, scissor box, colour write mask,
/// stencil clear value and both faces' stencil functions, operations and write masks.
class SavedGlState {
  public:
    SavedGlState() {
        glGetIntegerv(GL_CURRENT_PROGRAM, &program_);
        glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vertexArray_);
        glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &arrayBuffer_);
        blend_ = glIsEnabled(GL_BLEND);
        depthTest_ = glIsEnabled(GL_DEPTH_TEST);
        stencilTest_ = glIsEnabled(GL_STENCIL_TEST);
        cullFace_ = glIsEnabled(GL_CULL_FACE);
        scissorTest_ = glIsEnabled(GL_SCISSOR_TEST);
        glGetIntegerv(GL_BLEND_SRC_RGB, &blendSrcRgb_);
        glGetIntegerv(GL_BLEND_DST_RGB, &blendDstRgb_);
        glGetIntegerv(GL_BLEND_SRC_ALPHA, &blendSrcAlpha_);
        glGetIntegerv(GL_BLEND_DST_ALPHA, &blendDstAlpha_);
        glGetIntegerv(GL_BLEND_EQUATION_RGB, &blendEquationRgb_);
        glGetIntegerv(GL_BLEND_EQUATION_ALPHA, &blendEquationAlpha_);
        glGetIntegerv(GL_SCISSOR_BOX, scissorBox_.data());
        glGetBooleanv(GL_COLOR_WRITEMASK, colourMask_.data());
        glGetIntegerv(GL_STENCIL_CLEAR_VALUE, &stencilClear_);
        front_.save(GL_STENCIL_FUNC, GL_STENCIL_REF, GL_STENCIL_VALUE_MASK, GL_STENCIL_FAIL,
                    GL_STENCIL_PASS_DEPTH_FAIL, GL_STENCIL_PASS_DEPTH_PASS, GL_STENCIL_WRITEMASK);
        back_.save(GL_STENCIL_BACK_FUNC, GL_STENCIL_BACK_REF, GL_STENCIL_BACK_VALUE_MASK,
                   GL_STENCIL_BACK_FAIL, GL_STENCIL_BACK_PASS_DEPTH_FAIL,
                   GL_STENCIL_BACK_PASS_DEPTH_PASS, GL_STENCIL_BACK_WRITEMASK);
    }

    ~SavedGlState() {
        glUseProgram(static_cast<GLuint>(program_));
        glBindVertexArray(static_cast<GLuint>(vertexArray_));
        glBindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(arrayBuffer_));
        enable(GL_BLEND, blend_);
        enable(GL_DEPTH_TEST, depthTest_);
        enable(GL_STENCIL_TEST, stencilTest_);
        enable(GL_CULL_FACE, cullFace_);
        enable(GL_SCISSOR_TEST, scissorTest_);
        glBlendFuncSeparate(static_cast<GLenum>(blendSrcRgb_), static_cast<GLenum>(blendDstRgb_),
                            static_cast<GLenum>(blendSrcAlpha_),
                            static_cast<GLenum>(blendDstAlpha_));
        glBlendEquationSeparate(static_cast<GLenum>(blendEquationRgb_),
                                static_cast<GLenum>(blendEquationAlpha_));
        glScissor(scissorBox_[0], scissorBox_[1], scissorBox_[2], scissorBox_[3]);
        glColorMask(colourMask_[0], colourMask_[1], colourMask_[2], colourMask_[3]);
        glClearStencil(stencilClear_);
        front_.restore(GL_FRONT);
        back_.restore(GL_BACK);
    }

    SavedGlState(const SavedGlState&) = delete;
    SavedGlState& operator=(const SavedGlState&) = delete;

    bool scissorTest() const { return scissorTest_ == GL_TRUE; }
    const std::array<GLint, 4>& scissorBox() const { return scissorBox_; }

  private:
    struct StencilFace {
        GLint func = GL_ALWAYS, ref = 0, valueMask = 0, fail = GL_KEEP, depthFail = GL_KEEP,
              depthPass = GL_KEEP, writeMask = 0;

        void save(GLenum f, GLenum r, GLenum vm, GLenum sf, GLenum df, GLenum dp, GLenum wm) {
            glGetIntegerv(f, &func);
            glGetIntegerv(r, &ref);
            glGetIntegerv(vm, &valueMask);
            glGetIntegerv(sf, &fail);
            glGetIntegerv(df, &depthFail);
            glGetIntegerv(dp, &depthPass);
            glGetIntegerv(wm, &writeMask);
        }
        void restore(GLenum face) const {
            // Masks read back as GLint: all ones comes back as -1, the same bits as a GLuint.
            glStencilFuncSeparate(face, static_cast<GLenum>(func), ref,
                                  static_cast<GLuint>(valueMask));
            glStencilOpSeparate(face, static_cast<GLenum>(fail), static_cast<GLenum>(depthFail),
                                static_cast<GLenum>(depthPass));
            glStencilMaskSeparate(face, static_cast<GLuint>(writeMask));
        }
    };

    static void enable(GLenum capability, GLboolean on) {
        if (on)
            glEnable(capability);
        else
            glDisable(capability);
    }

    GLint program_ = 0, vertexArray_ = 0, arrayBuffer_ = 0;
    GLboolean blend_ = GL_FALSE, depthTest_ = GL_FALSE, stencilTest_ = GL_FALSE,
              cullFace_ = GL_FALSE, scissorTest_ = GL_FALSE;
    GLint blendSrcRgb_ = GL_ONE, blendDstRgb_ = GL_ZERO, blendSrcAlpha_ = GL_ONE,
          blendDstAlpha_ = GL_ZERO, blendEquationRgb_ = GL_FUNC_ADD,
          blendEquationAlpha_ = GL_FUNC_ADD;
    std::array<GLint, 4> scissorBox_{};
    std::array<GLboolean, 4> colourMask_{GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE};
    GLint stencilClear_ = 0;
    StencilFace front_, back_;
};

} // namespace hp::render
