/**
 * The sference shell: {@link com.sference.script.Sference}, static functions over the sference
 * client for JShell and scripts ({@code import static com.sference.script.Sference.*;}).
 *
 * <p>Unlike the client's packages, the functions here accept {@code null} where a model object
 * or id is expected (an earlier call that failed returns {@code null}), and never throw a
 * {@link com.sference.SferenceException}: they print one {@code error: ...} line and return
 * {@code null}, as {@link com.sference.script.Sference} documents.
 *
 * @since 0.1
 */
package com.sference.script;
