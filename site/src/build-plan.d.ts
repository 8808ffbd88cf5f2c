// The local publisher's plan for this build (scripts/post-build.ts `portalBuild`); null in a full build.
declare module 'virtual:build-plan' {
  const plan: import('../../schema/publish.ts').BuildPlan | null;
  export default plan;
}
