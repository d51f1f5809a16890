/**
 * The sference client, its resource groups and its exceptions.
 *
 * <p>Unless a parameter or return value is documented as nullable, it is never {@code null};
 * passing {@code null} throws {@link NullPointerException}.
 *
 * @since 0.1
 */
package com.sference;
