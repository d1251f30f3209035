/**
 * The CLI's notices, gathered from every lint thread (each with its own tsgo, which reports the
 * same project diagnostics) and printed once: one line per distinct message, with the number of
 * projects it concerns.
 */
export class Notices {
  /** Message -> the projects (tsconfig paths) it was reported for; '' for none. */
  private readonly projectsOf = new Map<string, Set<string>>();

  add(message: string, project = ''): void {
    const projects = this.projectsOf.get(message) ?? new Set<string>();
    projects.add(project);
    this.projectsOf.set(message, projects);
  }

  /**
   * One line per message. Project notices come first, sorted, so the output does not depend on
   * which thread reported first; the others (thread failures, files fixed) keep their order.
   */
  lines(): string[] {
    const aboutProjects: string[] = [];
    const others: string[] = [];
    for (const [message, projects] of this.projectsOf) {
      const named = [...projects].filter((p) => p !== '');
      if (projects.has('')) others.push(message);
      if (named.length === 1) aboutProjects.push(`${named[0]}: ${message}`);
      else if (named.length > 1) aboutProjects.push(`${message} (${named.length} projects)`);
    }
    return [...aboutProjects.sort(), ...others];
  }
}
